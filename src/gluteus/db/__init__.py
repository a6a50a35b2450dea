"""Storage: SQLAlchemy tables, the engine with migrations applied, and the repository."""
