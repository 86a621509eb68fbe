"""Use cases: plain functions over a Ctx (session, graph store, user); no Flask."""
