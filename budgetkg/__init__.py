"""budgetkg."""
