"""A folder of assessment files as one round: scanning, the index, worker processes."""
