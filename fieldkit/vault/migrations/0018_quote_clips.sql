-- fieldkit vault schema 18: a quote may point to the stretch of a recording it comes from.

-- JSON {"attachment": id, "start_ms": n, "end_ms": n}, or NULL (every quote before this).
ALTER TABLE quotes ADD COLUMN clip TEXT;
