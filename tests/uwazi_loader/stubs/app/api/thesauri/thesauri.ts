// Stub: how Uwazi compares thesaurus labels (trimmed, lower case; empty is no label).
export const normalizeThesaurusLabel = (label: string): string | null => {
  const normal = label.trim().toLowerCase();
  return normal ? normal : null;
};
