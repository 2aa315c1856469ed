"""Excel for the purchasing team: summaries out, provider lists in. Imports the core, no Qt."""
