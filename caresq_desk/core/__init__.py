"""The Qt-free core: policy schema and loading, the rules engine, assessments and their files."""
