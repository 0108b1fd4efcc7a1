"""HQ-designed forms: the model (model.py), the expression evaluator (expr.py), answers."""
