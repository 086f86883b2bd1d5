"""HTML dispute reports: the document model, diagrams and rendering."""
