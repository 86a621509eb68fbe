"""Explore: the public theories of change, for everyone (signed in or not)."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView
from flask_smorest import Blueprint

from ..services import explore
from . import schemas
from .auth import ctx

blp = Blueprint("explore", __name__, description="Public graphs, searched")


@blp.route("/explore")
class Explore(MethodView):
    @blp.arguments(schemas.ExploreQuerySchema, location="query")
    @blp.response(200, schemas.ExploreSchema)
    def get(self, query: dict[str, Any]) -> Any:
        """Public graphs, a page at a time: `q` finds words in names and in boxes.

        Graphs whose title, slug or organisation matches come first, then those matched
        only by a box (`matched_boxes` shows up to three); within each, the most recently
        updated first. `framework=true` lists only shared frameworks. Private graphs are
        never listed, whoever asks.
        """
        listing = explore.explore(
            ctx(),
            query["q"],
            frameworks_only=query["framework"],
            page=query["page"],
            page_size=query["page_size"],
        )
        return {
            "graphs": listing.graphs,
            "total": listing.total,
            "page": listing.page,
            "page_size": listing.page_size,
            "pages": listing.pages,
        }
