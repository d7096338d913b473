"""Invented place and school names (Windows-1252 safe, with apostrophes and accents on purpose)."""

from __future__ import annotations


def _split(text: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in text.replace("\n", ",").split(",") if part.strip())


PLACES: tuple[str, ...] = _split(
    """
    Ashfield, Brookside, Castle Vale, Dunmore, Elmstead, Foxhill, Greenacre, Hawthorn
    Ivydene, Juniper Hill, Kestrel Park, Larkrise, Meadowbank, Northcote, Oakridge, Parkway
    Queensbury, Ravenscroft, Southlands, Thornbury, Upperton, Valley Road, Willowbrook, Yewtree
    Abbey Fields, Beacon Hill, Canal Side, Dovecote, Eastfield, Fairway, Glebe Farm, Highfields
    Ironbridge Road, Jubilee Park, Kingfisher, Longford, Millbrook, Netherton, Orchard Lea, Pinewood
    Quarry Bank, Riverside, Stonebridge, Tanners Lane, Underhill, Victoria Park, Windmill, Brambles
    Coppice, Fernhill, Hollybush, Lime Tree, Moorcroft, Nightingale, Old Hall, Primrose Hill
    Rowan, Sycamore, Tudor Grange, Westwood, Bishop's Green, Cherry Orchard, Deer Park, Foleyfield
    Harbour View, Lakeside, Marlpit, Newtown, Poplars, Redhouse
"""
)

SAINTS: tuple[str, ...] = _split(
    """
    St Mary's, St John's, St Peter's, St Chad's, St Anne's, St Joseph's, St Thomas', St Bernadette's
    St Michael's, Holy Trinity, St Augustine's, St Edmund's
"""
)

# Names that must survive the round trip through Windows-1252 (GIAS) and UTF-8 (Ofsted MI).
SPECIAL_NAMES: tuple[str, ...] = (
    "Saint-Exupéry Primary School",
    "Notre Dame Catholic High School",
    "Brontë Nursery School",
    "Our Lady of Lourdes Catholic Primary School",
)

TRUSTS: tuple[tuple[str, str], ...] = (
    ("17201", "FORGE LEARNING TRUST"),
    ("17202", "ST CHAD'S CATHOLIC MULTI ACADEMY COMPANY"),
    ("17203", "ARDEN VALE ACADEMIES"),
    ("17204", "MERIDIAN SCHOOLS PARTNERSHIP"),
)
TRUST_HEADS: tuple[tuple[str, str, str], ...] = (  # GIAS often has "Not recorded" for a group's head
    ("Mrs", "Aisha", "Rahman"),
    ("Not recorded", "", ""),
    ("Mr", "Tomasz", "Nowak"),
    ("Dr", "Helen", "Okonjo"),
)

STREETS: tuple[str, ...] = _split(
    """
    School Lane, Church Road, Station Road, Park Avenue, Mill Street, Green Lane, High Street, Victoria Road
    Queens Drive, Albert Road, Manor Way, Beech Grove
"""
)
