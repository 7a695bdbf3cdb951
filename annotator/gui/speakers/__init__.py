"""The Speakers view (Window → Speakers): every registry entry with its counts, its quotes,
charts, and editing, merging and deleting entries through the controller."""
