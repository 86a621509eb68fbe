"""Use cases: plain functions over a Ctx (the unit of work they run in, and who acts); no Flask."""
