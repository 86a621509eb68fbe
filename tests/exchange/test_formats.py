"""The exchange formats: GraphML and CSV round trips, importer errors, CIDS JSON-LD and
IATI XML exports, the JSON document and the registry."""

from __future__ import annotations

import io
import json
import zipfile
from typing import Any

import pytest
from defusedxml.ElementTree import fromstring
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.hostile_text import HOSTILE, hostile_doc, normalized
from toc_editor.domain.errors import ImportFormatError
from toc_editor.exchange import FORMATS, read_document
from toc_editor.exchange.cids import to_cids_jsonld
from toc_editor.exchange.common import MAX_BYTES
from toc_editor.exchange.csv_zip import from_csv_zip, to_csv_zip
from toc_editor.exchange.graphml import from_graphml, to_graphml
from toc_editor.exchange.iati import to_iati_xml

# -- a strategy for valid documents with awkward text and values ------------------------

_storable = st.characters(
    exclude_categories=("Cs",), exclude_characters="\x00"
)  # the model refuses NUL (domain/text.py)
_texts = st.one_of(st.text(_storable, max_size=30), st.sampled_from([h[:300] for h in HOSTILE]))
_some = _texts.filter(lambda s: len(s) >= 1)
_scalars = st.one_of(
    st.none(),
    st.integers(-(10**15), 10**15),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(_storable, max_size=20),
    st.sampled_from(["5", "-3.5", "1e5", "", '"quoted"', "'apostrophe", "=SUM(A1)", "0"]),
)
_nullable = st.one_of(st.none(), st.just(""), _texts)
_ids = st.from_regex(r"[A-Za-z0-9][A-Za-z0-9_.:-]{0,12}", fullmatch=True)


@st.composite
def documents(draw: st.DrawFn) -> dict[str, Any]:
    ids = draw(st.lists(_ids, min_size=1, max_size=6, unique=True))
    nodes = []
    for node_id in ids:
        kind = draw(st.sampled_from(["activity", "output", "outcome", "impact"]))
        indicators = [
            {
                "id": f"{node_id}.i{k}",  # unique in the graph (results key)
                "name": draw(_some),
                "unit": draw(_nullable),
                "baseline": draw(_scalars),
                "target": draw(_scalars),
                "source": draw(_nullable),
                "vocabulary": draw(_nullable),
                "code": draw(_nullable),
            }
            for k in range(draw(st.integers(0, 2)))
        ]
        nodes.append(
            {
                "id": node_id,
                "kind": kind,
                "label": draw(_some),
                "horizon": draw(st.sampled_from([None, "short", "medium", "long"]))
                if kind == "outcome"
                else None,
                "description": draw(_texts),
                "indicators": indicators,
                "assumptions": draw(st.lists(_some, max_size=3)),
                "tags": draw(st.lists(_some.filter(lambda s: len(s) <= 100), max_size=3)),
                "links": draw(
                    st.lists(
                        st.builds(
                            lambda n: {"target": f"org-1/graph-2#{n}", "relation": "same_as"},
                            _ids,
                        ),
                        max_size=2,
                    )
                ),
            }
        )
    pairs = draw(
        st.lists(
            st.tuples(st.sampled_from(ids), st.sampled_from(ids)).filter(lambda p: p[0] != p[1]),
            max_size=8,
            unique=True,
        )
    )
    edges = [
        {
            "id": f"e-{i}",
            "source": s,
            "target": t,
            "relation": draw(st.sampled_from(["leads_to", "contributes_to", "enables"])),
            "rationale": draw(_texts),
            "assumptions": draw(st.lists(_some, max_size=2)),
            "evidence": draw(
                st.lists(
                    st.fixed_dictionaries(
                        {
                            "title": _some,
                            "url": st.sampled_from([None, "https://example.org/x?a=1&b=2"]),
                            "strength": st.sampled_from([None, "weak", "moderate", "strong"]),
                        }
                    ),
                    max_size=2,
                )
            ),
            "confidence": draw(st.one_of(st.none(), st.integers(0, 100))),
        }
        for i, (s, t) in enumerate(pairs)
    ]
    return normalized({"nodes": nodes, "edges": edges})


FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(documents())
def test_graphml_round_trip(doc: dict[str, Any]) -> None:
    assert normalized(from_graphml(to_graphml(doc))) == doc


@FAST
@given(documents())
def test_csv_zip_round_trip(doc: dict[str, Any]) -> None:
    assert normalized(from_csv_zip(to_csv_zip(doc))) == doc


@pytest.fixture(scope="module")
def hostile() -> dict[str, Any]:
    return hostile_doc(HOSTILE)


def test_hostile_round_trips(hostile: dict[str, Any], small_doc: dict[str, Any]) -> None:
    for doc in (hostile, small_doc):
        assert normalized(from_graphml(to_graphml(doc))) == doc
        assert normalized(from_csv_zip(to_csv_zip(doc))) == doc


def test_csv_cells_are_spreadsheet_safe(hostile: dict[str, Any]) -> None:
    doc = normalized(
        {
            "nodes": [
                {
                    "id": "a",
                    "kind": "activity",
                    "label": '=HYPERLINK("http://x")',
                    "description": "+cmd|' /C calc'!A0",
                }
            ],
            "edges": [],
        }
    )
    with zipfile.ZipFile(io.BytesIO(to_csv_zip(doc))) as zf:
        nodes = zf.read("nodes.csv").decode("utf-8-sig")
    assert "'=HYPERLINK" in nodes and "'+cmd" in nodes


def test_hand_made_csv_zip_with_semicolon_lists() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        zf.writestr(
            "export/nodes.csv",
            "id,kind,label,horizon,tags\r\n"
            "a,activity,Coaching,,youth; employment\r\n"
            "b,outcome,Confidence,short,\r\n",
        )
        zf.writestr("export/edges.csv", "source,target,confidence\r\na,b,70\r\n")
        zf.writestr("export/indicators.csv", "node_id,name,baseline,target\r\nb,Score,3,4.5\r\n")
    doc = normalized(from_csv_zip(out.getvalue()))
    a, b = doc["nodes"]
    assert a["tags"] == ["youth", "employment"] and b["horizon"] == "short"
    assert b["indicators"][0]["baseline"] == 3 and b["indicators"][0]["target"] == 4.5
    assert doc["edges"][0]["confidence"] == 70


def _zip(files: dict[str, bytes | str]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name, body in files.items():
            zf.writestr(name, body)
    return out.getvalue()


@pytest.mark.parametrize(
    ("data", "where"),
    [
        (b"not a zip", "zip"),
        (b"PK\x03\x04garbage", "zip"),
        (_zip({"edges.csv": "source,target\r\n"}), "zip/nodes.csv"),
        (_zip({"nodes.csv": "id,kind\r\na,activity\r\n"}), "nodes.csv/label"),
        (_zip({"nodes.csv": "id,kind,label\r\na,activity,x\r\n", "edges.csv": "a,b\r\n"}),
         "edges.csv/source"),
        (_zip({"nodes.csv": "id,kind,label\r\na,activity,x\r\n",
               "indicators.csv": "node_id,name\r\nzz,x\r\n"}), "indicators.csv/row 2"),
        (_zip({"nodes.csv": "id,kind,label\r\na,activity,x\r\nb,outcome,y\r\n",
               "edges.csv": "source,target,confidence\r\na,b,high\r\n"}),
         "edges.csv/row 2/confidence"),
        (_zip({"nodes.csv": "id,kind,label,links\r\na,activity,x,not json\r\n"}),
         "nodes.csv/row 2/links"),
        (_zip({"nodes.csv": b"\xff\xfe\x00bad"}), "nodes.csv"),
    ],
)  # fmt: skip
def test_csv_import_errors(data: bytes, where: str) -> None:
    with pytest.raises(ImportFormatError) as err:
        from_csv_zip(data)
    assert err.value.where == where


def test_zip_bomb_is_refused() -> None:
    bomb = _zip({"nodes.csv": b"id,kind,label\r\n" + b"0" * (MAX_BYTES + 1)})
    assert len(bomb) < MAX_BYTES / 100
    with pytest.raises(ImportFormatError) as err:
        from_csv_zip(bomb)
    assert "MB" in err.value.message


def test_zip_with_lying_sizes_is_refused() -> None:
    bomb = bytearray(_zip({"nodes.csv": b"id,kind,label\r\n" + b"0" * (MAX_BYTES + 10)}))
    # shrink the declared uncompressed size in both headers to 1 byte
    size = (MAX_BYTES + 10 + 15).to_bytes(4, "little")
    assert bomb.count(size) == 2
    bomb = bytearray(bytes(bomb).replace(size, (1).to_bytes(4, "little")))
    with pytest.raises(ImportFormatError):
        from_csv_zip(bytes(bomb))


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;">]>
<graphml xmlns="http://graphml.graphdrawing.org/xmlns"><graph edgedefault="directed">
<node id="a"><data key="d0">&lol2;</data></node></graph></graphml>"""
EXTERNAL = b"""<?xml version="1.0"?>
<!DOCTYPE g [<!ENTITY x SYSTEM "file:///etc/passwd">]>
<graphml xmlns="http://graphml.graphdrawing.org/xmlns"><graph edgedefault="directed">
<node id="a"><data key="d0">&x;</data></node></graph></graphml>"""
UNDIRECTED = b"""<?xml version="1.0"?>
<graphml xmlns="http://graphml.graphdrawing.org/xmlns"><graph edgedefault="undirected">
<node id="a"/><node id="b"/><edge source="a" target="b"/></graph></graphml>"""


@pytest.mark.parametrize(
    "data", [b"<graphml", b"not xml at all", BILLION_LAUGHS, EXTERNAL, UNDIRECTED, b"<a/>"]
)
def test_graphml_import_errors(data: bytes) -> None:
    with pytest.raises(ImportFormatError):
        from_graphml(data)


def test_graphml_bad_list_field() -> None:
    data = to_graphml(normalized({"nodes": [{"id": "a", "kind": "activity", "label": "x"}]}))
    with pytest.raises(ImportFormatError) as err:
        from_graphml(data.replace(b"[]", b"[oops", 1))
    assert err.value.where is not None and err.value.where.startswith("graphml/node/a/")


def test_graphml_is_readable_by_plain_networkx(small_doc: dict[str, Any]) -> None:
    import networkx as nx

    G = nx.read_graphml(io.BytesIO(to_graphml(small_doc)))
    assert len(G) == len(small_doc["nodes"]) and G.number_of_edges() == len(small_doc["edges"])
    first = small_doc["nodes"][0]
    assert G.nodes[first["id"]]["label"] == first["label"]


def test_cids_jsonld_counts(hostile: dict[str, Any], small_doc: dict[str, Any]) -> None:
    for doc in (small_doc, hostile):
        data = json.loads(json.dumps(to_cids_jsonld(doc, {"title": "T", "org": "a b/c"})))
        assert data["@context"]["cids"] == "https://ontology.commonapproach.org/cids#"
        items = data["@graph"]
        by_type: dict[str, list[dict[str, Any]]] = {}
        for item in items:
            by_type.setdefault(item["@type"], []).append(item)
        results = [n for n in doc["nodes"] if n["kind"] in ("outcome", "impact")]
        assert len(by_type["cids:Outcome"]) == len(results)
        assert len(by_type["cids:Indicator"]) == sum(len(n["indicators"]) for n in doc["nodes"])
        links = sum(len(i.get("cids:canProduce", [])) + len(i.get("cids:canEnable", []))
                    for i in items)  # fmt: skip
        assert links == len(doc["edges"])
        enables = sum(len(i.get("cids:canEnable", [])) for i in items)
        assert enables == sum(1 for e in doc["edges"] if e["relation"] == "enables")
        model = by_type["cids:ImpactModel"][0]
        assert len(model["cids:hasOutcome"]) == len(results)
        ids = [i["@id"] for i in items]
        assert len(ids) == len(set(ids)) and all(" " not in i for i in ids)


def test_iati_xml_is_well_formed_with_the_right_counts(
    hostile: dict[str, Any], small_doc: dict[str, Any]
) -> None:
    meta = {"title": HOSTILE[24], "org": HOSTILE[8], "commit": "abc", "date": "2024-05-01"}
    for doc in (small_doc, hostile):
        root = fromstring(to_iati_xml(doc, meta), forbid_dtd=True)
        assert root.tag == "iati-activities" and root.get("version") == "2.03"
        results = root.findall("iati-activity/result")
        expected = {"output": "1", "outcome": "2", "impact": "3"}
        wanted = [expected[n["kind"]] for n in doc["nodes"] if n["kind"] in expected]
        assert [r.get("type") for r in results] == wanted
        indicators = root.findall("iati-activity/result/indicator")
        assert len(indicators) == sum(
            len(n["indicators"]) for n in doc["nodes"] if n["kind"] in expected
        )
        for ind in indicators:
            assert ind.find("title/narrative") is not None
    root = fromstring(to_iati_xml(small_doc, meta))
    ind = root.find("iati-activity/result/indicator")
    assert ind is not None
    baseline, target = ind.find("baseline"), ind.find("period/target")
    assert baseline is not None and target is not None
    assert baseline.get("year") == "2024" and float(baseline.get("value", "x")) >= 0
    assert float(target.get("value", "x")) >= 0
    assert ind.find("period/period-start").get("iso-date") == "2024-05-01"


def test_iati_text_values_become_qualitative() -> None:
    doc = normalized({"nodes": [{"id": "o", "kind": "outcome", "label": "x", "indicators": [
        {"id": "i", "name": "Mood", "baseline": "low", "target": "high"}]}]})  # fmt: skip
    ind = fromstring(to_iati_xml(doc, {})).find("iati-activity/result/indicator")
    assert ind is not None and ind.get("measure") == "5"
    assert ind.find("baseline").get("value") is None
    assert ind.findtext("baseline/comment/narrative") == "low"
    assert ind.findtext("period/target/comment/narrative") == "high"


# -- the registry and the sniffing reader ------------------------------------------------


@pytest.mark.parametrize("suffix", [s for s, f in FORMATS.items() if f.read is not None])
def test_every_two_way_format_reads_what_it_writes(suffix: str, small_doc: dict[str, Any]) -> None:
    fmt = FORMATS[suffix]
    data = fmt.write(small_doc, {"title": "T", "commit": "c"})
    read = read_document(data, f"file{suffix}")
    assert normalized({"nodes": read["nodes"], "edges": read["edges"]}) == small_doc


@pytest.mark.parametrize(
    ("data", "where"),
    [
        (b"plain text", "file"),
        (b"{not json", "file"),
        (b"[" * 5000 + b"]" * 5000, "file"),
        (b'{"nodes": [{"label": "\\ud800"}]}', "file/nodes/0/label"),
    ],
)
def test_read_document_refuses_what_it_cannot_read_naming_where(data: bytes, where: str) -> None:
    with pytest.raises(ImportFormatError) as caught:
        read_document(data, "upload")
    assert caught.value.where == where
