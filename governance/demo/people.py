"""The demo boards' agencies and people: all invented, at reserved .example domains.

Agencies and people are the instance's, shared by its two boards: the same police force, council
and health commissioners sit on both, and several people on both."""

from __future__ import annotations

from typing import NamedTuple

from governance.models import Sector


class AgencySpec(NamedTuple):
    """A partner agency, with how reliably its representatives turn up (demo only)."""

    key: str
    name: str
    short_name: str
    sector: str
    statutory: bool
    domain: str
    attendance: float


class PersonSpec(NamedTuple):
    """A person; the email is made from the name and the agency's domain."""

    key: str
    name: str
    agency: str | None
    job_title: str


AGENCIES = [
    AgencySpec(
        "cs",
        "Northmoor Council Children's Services",
        "Children's Services",
        Sector.LOCAL_AUTHORITY,
        True,
        "northmoor.gov.example",
        0.92,
    ),
    AgencySpec(
        "ph",
        "Northmoor Council Public Health",
        "Public Health",
        Sector.LOCAL_AUTHORITY,
        True,
        "northmoor.gov.example",
        0.6,
    ),
    AgencySpec(
        "yos", "Northmoor Youth Offending Service", "YOS", Sector.LOCAL_AUTHORITY, True, "northmoor.gov.example", 0.8
    ),
    AgencySpec("police", "Northmoor Constabulary", "Police", Sector.POLICE, True, "northmoor.police.example", 0.88),
    AgencySpec(
        "ccg", "Northmoor and Dale Clinical Commissioning Group", "CCG", Sector.HEALTH, True, "ndccg.nhs.example", 0.9
    ),
    AgencySpec(
        "chs",
        "Northmoor Community Health NHS Trust",
        "Community Health",
        Sector.HEALTH,
        True,
        "northmoorcommunity.nhs.example",
        0.85,
    ),
    AgencySpec(
        "dvh",
        "Dale Valley Hospitals NHS Foundation Trust",
        "Dale Valley Hospitals",
        Sector.HEALTH,
        True,
        "dalevalley.nhs.example",
        0.72,
    ),
    # The national body that sends apologies to every meeting, citing capacity.
    AgencySpec(
        "nhcb",
        "National Health Commissioning Board (North Area Team)",
        "NHCB North",
        Sector.HEALTH,
        True,
        "nhcb.nhs.example",
        0.0,
    ),
    AgencySpec(
        "nps", "National Probation Service (Northmoor)", "NPS", Sector.PROBATION, True, "probation.justice.example", 0.8
    ),
    AgencySpec(
        "crc", "Northmoor Community Rehabilitation Company", "CRC", Sector.PROBATION, True, "northmoorcrc.example", 0.45
    ),
    AgencySpec("cafcass", "Cafcass", "Cafcass", Sector.OTHER, True, "cafcass.example", 0.55),
    AgencySpec(
        "schools",
        "Northmoor Schools (headteacher representatives)",
        "Schools",
        Sector.EDUCATION,
        True,
        "northmoorschools.example",
        0.62,
    ),
    AgencySpec(
        "vcs",
        "Northmoor Voluntary and Community Sector Forum",
        "VCS Forum",
        Sector.VOLUNTARY,
        False,
        "northmoorvcs.org.example",
        0.8,
    ),
    AgencySpec("lay", "Lay members", "Lay members", Sector.LAY, False, "mail.example", 0.9),
    AgencySpec(
        "unit",
        "Northmoor Safeguarding Children Board Business Unit",
        "Business Unit",
        Sector.OTHER,
        False,
        "northmoorscb.org.example",
        0.97,
    ),
    # Partners of the adults' board (the council, police and health bodies above serve both boards).
    AgencySpec(
        "asc",
        "Northmoor Council Adult Social Care",
        "Adult Social Care",
        Sector.LOCAL_AUTHORITY,
        True,
        "northmoor.gov.example",
        0.93,
    ),
    AgencySpec(
        "mht",
        "Northmoor and Dale Mental Health NHS Foundation Trust",
        "Mental Health Trust",
        Sector.HEALTH,
        False,
        "ndmh.nhs.example",
        0.78,
    ),
    AgencySpec(
        "fire",
        "Northmoor Fire and Rescue Service",
        "Fire and Rescue",
        Sector.OTHER,
        False,
        "northmoorfire.example",
        0.7,
    ),
    AgencySpec(
        "housing",
        "Northmoor Homes (housing association)",
        "Northmoor Homes",
        Sector.VOLUNTARY,
        False,
        "northmoorhomes.org.example",
        0.66,
    ),
    AgencySpec(
        "healthwatch",
        "Healthwatch Northmoor",
        "Healthwatch",
        Sector.VOLUNTARY,
        False,
        "healthwatchnorthmoor.example",
        0.8,
    ),
    AgencySpec(
        "westdale",
        "Westdale Safeguarding Children Board",
        "Westdale SCB",
        Sector.OTHER,
        False,
        "westdale.gov.example",
        0.75,
    ),
]

PEOPLE = [
    # The board's own staff and independent chair.
    PersonSpec("ellison", "Margaret Ellison", "unit", "Independent Chair"),
    PersonSpec("marsden", "Helen Marsden", "unit", "Board Business Manager"),
    PersonSpec("okafor", "Daniel Okafor", "unit", "Training Coordinator"),
    PersonSpec("raman", "Priya Raman", "unit", "Learning and Improvement Officer"),
    PersonSpec("pickering", "Louise Pickering", "unit", "Business Support Officer"),
    PersonSpec("whitaker", "Tom Whitaker", "unit", "Child Death Review Coordinator"),
    # The council.
    PersonSpec("hollis", "Andrew Hollis", "cs", "Director of Children's Services"),
    PersonSpec("brennan", "Sarah Brennan", "cs", "Assistant Director, Children's Social Care"),
    PersonSpec("fairclough", "Joanne Fairclough", "cs", "Head of Safeguarding and Quality Assurance"),
    PersonSpec("redfern", "Mark Redfern", "cs", "Local Authority Designated Officer (LADO)"),
    PersonSpec("ashworth", "Kevin Ashworth", "cs", "Head of Early Help"),
    PersonSpec("hussain", "Nadia Hussain", "cs", "Service Manager, Missing and Child Sexual Exploitation"),
    PersonSpec("moss", "Gillian Moss", "cs", "Principal Social Worker"),
    PersonSpec("lowther", "Emma Lowther", "cs", "Team Manager, Children with Disabilities"),
    PersonSpec("crossley", "Peter Crossley", "cs", "Education Safeguarding Manager"),
    PersonSpec("heywood", "Robert Heywood", "cs", "Domestic Abuse Coordinator"),
    PersonSpec("booth", "Janet Booth", "cs", "Councillor, Lead Member for Children's Services"),
    PersonSpec("gallagher", "Dr Fiona Gallagher", "ph", "Director of Public Health"),
    PersonSpec("pratt", "Simon Pratt", "ph", "Consultant in Public Health (Children and Young People)"),
    PersonSpec("charlton", "Lee Charlton", "yos", "Head of Youth Offending Service"),
    PersonSpec("ward", "Hayley Ward", "yos", "Youth Offending Team Manager"),
    # The police.
    PersonSpec("hallam", "Richard Hallam", "police", "Detective Chief Superintendent, Head of Public Protection"),
    PersonSpec("cole", "Amanda Cole", "police", "Detective Chief Superintendent, Head of Public Protection"),
    PersonSpec("barker", "Stephen Barker", "police", "Detective Chief Inspector, Safeguarding"),
    PersonSpec("lynch", "Gareth Lynch", "police", "Detective Inspector, Child Abuse Investigation Unit"),
    PersonSpec("walsh", "Kerry Walsh", "police", "Detective Inspector, Child Abuse Investigation Unit"),
    PersonSpec("price", "Joanne Price", "police", "Online Safety Officer"),
    # Health.
    PersonSpec("hammond", "Julie Hammond", "ccg", "Director of Nursing and Quality"),
    PersonSpec("hudson", "Claire Hudson", "ccg", "Designated Nurse, Safeguarding Children"),
    PersonSpec("siddiqui", "Dr Imran Siddiqui", "ccg", "Designated Doctor, Safeguarding Children"),
    PersonSpec("yates", "Dr Catherine Yates", "ccg", "Designated Paediatrician for Child Deaths"),
    PersonSpec("fisher", "Lorraine Fisher", "ccg", "Designated Nurse, Looked After Children"),
    PersonSpec("sutcliffe", "Brian Sutcliffe", "chs", "Director of Nursing and Quality"),
    PersonSpec("wood", "Angela Wood", "chs", "Named Nurse, Safeguarding Children"),
    PersonSpec("mellor", "Rachel Mellor", "chs", "Health Visiting Service Manager"),
    PersonSpec("metcalfe", "Susan Metcalfe", "dvh", "Chief Nurse"),
    PersonSpec("duffy", "Karen Duffy", "dvh", "Chief Nurse"),
    PersonSpec("lawson", "Dr Rebecca Lawson", "dvh", "Named Doctor, Safeguarding Children"),
    PersonSpec("hirst", "Jennifer Hirst", "dvh", "Named Midwife, Safeguarding"),
    PersonSpec("whitfield", "Graham Whitfield", "nhcb", "Head of Quality and Safeguarding, North Area Team"),
    # Probation, courts, schools, the voluntary sector and lay members.
    PersonSpec("kaye", "Martin Kaye", "nps", "Head of Northmoor Local Delivery Unit"),
    PersonSpec("holt", "Sandra Holt", "nps", "Senior Probation Officer, Public Protection"),
    PersonSpec("dawson", "Paul Dawson", "crc", "Director of Operations"),
    PersonSpec("archer", "Lynne Archer", "crc", "Assistant Chief Officer"),
    PersonSpec("osei", "Ruth Osei", "cafcass", "Service Manager, Northmoor and Dale"),
    PersonSpec("ridley", "Anne Ridley", "schools", "Headteacher, Moorside Primary School"),
    PersonSpec("bell", "Christopher Bell", "schools", "Headteacher, Dale High School"),
    PersonSpec("shaw", "Victoria Shaw", "schools", "Headteacher, Northmoor Academy"),
    PersonSpec("kendall", "Lisa Kendall", "schools", "Designated Safeguarding Lead, St Aidan's High School"),
    PersonSpec("barnes", "Michelle Barnes", "vcs", "Chief Officer, Northmoor Voluntary and Community Sector Forum"),
    PersonSpec("jenkins", "Owen Jenkins", "vcs", "Manager, Moorside Women's Refuge"),
    PersonSpec("ali", "Yasmin Ali", "vcs", "Participation Worker, Northmoor Youth Voice"),
    PersonSpec("fletcher", "Dean Fletcher", "vcs", "Project Manager, Safe Steps Young People's Project"),
    PersonSpec("lambert", "Geoffrey Lambert", "lay", "Lay member"),
    PersonSpec("nolan", "Patricia Nolan", "lay", "Lay member"),
    # The neighbouring board, for the joint groups.
    PersonSpec("pearce", "Dr Hannah Pearce", "westdale", "Designated Paediatrician, Westdale"),
    PersonSpec("rhodes", "Colin Rhodes", "westdale", "Business Manager, Westdale Safeguarding Children Board"),
    PersonSpec("grey", "Alison Grey", "westdale", "Head of Safeguarding, Westdale Council"),
    PersonSpec("ogden", "Martin Ogden", "westdale", "E-Safety Lead, Westdale Council"),
    # Commissioned by the board, so he represents no partner agency.
    PersonSpec("reeve", "Jonathan Reeve", None, "Independent Reviewer, serious case reviews"),
    # The adults' board: its independent chair (the business unit serves both boards) and partners.
    PersonSpec("quinn", "Bernadette Quinn", "unit", "Independent Chair, Safeguarding Adults Board"),
    PersonSpec("sharrock", "Rebecca Sharrock", "unit", "Safeguarding Adults Review Coordinator"),
    PersonSpec("armitage", "Philip Armitage", "asc", "Director of Adult Social Services"),
    PersonSpec("whittle", "Denise Whittle", "asc", "Head of Adult Safeguarding"),
    PersonSpec("naylor", "Craig Naylor", "asc", "Principal Social Worker, Adults"),
    PersonSpec("tranter", "Alison Tranter", "asc", "Team Manager, Adult Safeguarding Hub"),
    PersonSpec("pym", "Cllr Shirley Pym", "asc", "Councillor, Lead Member for Adult Social Care"),
    PersonSpec("cope", "Harriet Cope", "asc", "Communications Manager, Northmoor Council"),
    PersonSpec("clegg", "Naomi Clegg", "ccg", "Designated Professional, Safeguarding Adults"),
    PersonSpec("royle", "Wayne Royle", "police", "Detective Inspector, Adult Protection"),
    PersonSpec("marshall", "Elaine Marshall", "mht", "Director of Nursing"),
    PersonSpec("mahmood", "Tariq Mahmood", "mht", "Named Professional, Safeguarding Adults"),
    PersonSpec("spencer", "Neil Spencer", "fire", "Station Manager, Prevention and Protection"),
    PersonSpec("forde", "Jackie Forde", "housing", "Head of Tenancy Services"),
    PersonSpec("dyson", "Maureen Dyson", "healthwatch", "Chief Officer, Healthwatch Northmoor"),
    PersonSpec("fenwick", "Derek Fenwick", "lay", "Lay member"),
]

# Where someone has no agency, their own practice's domain.
OWN_DOMAINS = {"reeve": "reevereviews.example"}

# People sent in a member's place; only their names are recorded.
DEPUTY_NAMES = [
    "Jo Baxter",
    "Neil Garside",
    "Amy Pollard",
    "Ben Ashton",
    "Carol Whelan",
    "Gemma Tate",
    "Ian Booker",
    "Sunita Bains",
    "Rory McKay",
    "Beth Lomax",
    "Femi Adeyemi",
    "Claire Dobson",
]

_TITLES = ("Dr ", "Cllr ")


def email_for(person: PersonSpec) -> str:
    """firstname.lastname at the agency's domain (titles dropped)."""
    name = person.name
    for title in _TITLES:
        name = name.removeprefix(title)
    local = ".".join(name.lower().replace("'", "").split())
    domain = OWN_DOMAINS.get(person.key) or next(a.domain for a in AGENCIES if a.key == person.agency)
    return f"{local}@{domain}"
