"""Policy files: the schema, the condition language, calculations, loading and compiling, and
the registry of installed policies."""
