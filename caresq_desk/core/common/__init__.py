"""Building blocks every layer uses: Dutch phrases, number and date formats, limits, OS
errors, the user folders and atomic writes. Imports nothing else of the core."""
