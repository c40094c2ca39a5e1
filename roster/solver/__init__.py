"""The CP-SAT side: the model (variables, then every rule's encoding), its search (case by case,
in stages with visits, over people beside it), and why a model has no roster."""
