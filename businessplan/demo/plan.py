"""What the demo board's two-year plan says, and how each action's rating moved.

Dates are relative to the reporting years (governance's `When`), so the demo stays current:
PREVIOUS is the plan's first year, CURRENT its second. Each step is the business manager's
review before a Board meeting (Boards meet in May, July, September, November, January and
March); `since_board` is an update written after the latest Board, the "what changed" of
the next one.
"""

from __future__ import annotations

from typing import NamedTuple

from governance.demo.groups import CURRENT, PREVIOUS, When

from ..models import Rating

RED, AMBER, GREEN, NOT_RATED = Rating.RED.value, Rating.AMBER.value, Rating.GREEN.value, ""


class Step(NamedTuple):
    """A progress update written for the Board meeting of that month."""

    year: int  # PREVIOUS or CURRENT
    month: int
    rating: str
    note: str


class ActionSpec(NamedTuple):
    """An action as the plan prints it; `lead` is a governance demo group key."""

    text: str
    by_whom: str
    lead: str | None
    due: When | None
    due_text: str  # blank: the month of `due`, as plans write it ("Sept 2025")
    impact: str
    measure: str
    steps: tuple[Step, ...] = ()
    initial: str = ""  # rated when imported, before any update (only for actions with no steps)
    since_board: tuple[str, str] | None = None  # (rating, note) written after the latest Board


class ObjectiveSpec(NamedTuple):
    """An objective and its actions; refs come from the position (1.2 or 1.2.3)."""

    text: str
    actions: tuple[ActionSpec, ...]


class PrioritySpec(NamedTuple):
    """A numbered priority (in list order) and its statutory function codes."""

    title: str
    functions: str
    description: str
    objectives: tuple[ObjectiveSpec, ...]


# The business manager's reviews, in order (the month of each Board); a quarterly one comes
# every other Board, and an open action gets a short holding note there when nothing was written.
REVIEWS = [(which, month) for which in (PREVIOUS, CURRENT) for month in (5, 7, 9, 11, 1, 3)]
QUARTERLY = {7, 11, 3}
HOLDING = {
    RED: (
        "No change: still no implementation plan. Raised again with the lead agency.",
        "Still no plan or resources agreed. Business manager to take it to the Business Committee.",
        "No progress this quarter; the Independent Chair has written to the lead agency.",
    ),
    AMBER: (
        "No change this quarter; the delay reported last time is not yet resolved.",
        "Some progress this quarter, though slower than planned. Rating stays amber.",
        "Discussed with the lead: still delayed, no new risks.",
        "Chased by the business unit; the lead expects to catch up by the next review.",
    ),
    GREEN: (
        "Continuing as planned; nothing to escalate.",
        "No change since the last update; on course.",
        "Continuing; no issues reported by the lead.",
    ),
    NOT_RATED: (
        "Not started yet, so not rated.",
        "Still at the planning stage; not rated.",
    ),
}

PLAN_START = When(PREVIOUS, 4, 1)
PLAN_END = When(CURRENT, 3, 31)

PRIORITIES = (
    PrioritySpec(
        "Child Sexual Exploitation and Missing",
        "1a;1b;1c",
        "Children at risk of sexual exploitation, or who go missing from home or care, are identified "
        "early and protected by a coordinated multi-agency response.",
        (
            ObjectiveSpec(
                "All agencies share one understanding of child sexual exploitation and missing, and use the "
                "same screening tool and referral pathway.",
                (
                    ActionSpec(
                        "Revise the multi-agency CSE and missing procedures and the risk screening tool in line "
                        "with national guidance.",
                        "CSE sub-group, Policies and Procedures sub-group",
                        "cse",
                        When(PREVIOUS, 9, 30),
                        "",
                        "Practitioners in every agency identify risk consistently and refer through one pathway.",
                        "Revised procedures published on the board website; screening tool in use by all "
                        "partners (checked by audit sample).",
                        (
                            Step(
                                PREVIOUS,
                                7,
                                AMBER,
                                "Draft procedures out for consultation. Police comments awaited, so the September "
                                "date is at risk.",
                            ),
                            Step(
                                PREVIOUS,
                                9,
                                AMBER,
                                "Consultation closed with 14 responses. Final draft to the Policies sub-group in "
                                "October; publication moved to November.",
                            ),
                            Step(
                                PREVIOUS,
                                11,
                                GREEN,
                                "Procedures and screening tool published on the website and launched at the "
                                "practitioner forum. Complete.",
                            ),
                        ),
                    ),
                    ActionSpec(
                        "Deliver multi-agency CSE awareness training to frontline staff, including schools, GP "
                        "practices and licensed premises.",
                        "Training and Workforce Development Group, LSCB Business Unit",
                        "twd",
                        When(CURRENT, 9, 30),
                        "",
                        "Staff who meet children in their daily work know the signs of exploitation and what to do.",
                        "At least 250 staff trained from ten or more agencies; confidence rises on the "
                        "before-and-after evaluation.",
                        (
                            Step(
                                PREVIOUS,
                                5,
                                AMBER,
                                "Course designed; trainers from the police and children's services identified. "
                                "Dates not yet set.",
                            ),
                            Step(
                                PREVIOUS,
                                11,
                                AMBER,
                                "Six sessions delivered to 142 staff. GP and licensed premises sessions still to be "
                                "arranged.",
                            ),
                            Step(
                                CURRENT,
                                5,
                                AMBER,
                                "Licensed premises and taxi driver sessions agreed with the licensing team; GP "
                                "session booked for the September protected learning afternoon.",
                            ),
                            Step(
                                CURRENT,
                                9,
                                GREEN,
                                "All planned sessions delivered: 311 staff from 11 agencies. Average confidence up "
                                "from 2.9 to 4.1 out of 5. Complete.",
                            ),
                        ),
                    ),
                    ActionSpec(
                        "Raise awareness among parents, carers and young people through a CSE awareness week.",
                        "Communications and Engagement sub-group, All partners",
                        "comms",
                        When(PREVIOUS, 3, 31),
                        "March {due:%Y} (awareness week)",
                        "Parents and young people know the signs of exploitation and where to get help.",
                        "Awareness week held; materials used in every secondary school; reach of the campaign.",
                        (
                            Step(
                                PREVIOUS,
                                11,
                                AMBER,
                                "Campaign materials being co-designed with Northmoor Youth Voice; awareness week "
                                "planned for March.",
                            ),
                            Step(
                                PREVIOUS,
                                3,
                                GREEN,
                                "Awareness week held: assemblies in nine secondary schools, leaflets through GP "
                                "surgeries and a social media reach of about 18,000. Complete.",
                            ),
                        ),
                    ),
                    ActionSpec(
                        "Use child abduction warning notices and licensing powers to disrupt those who exploit "
                        "children.",
                        "Police, Licensing",
                        "cse",
                        None,
                        "Ongoing",
                        "Adults who pose a risk are disrupted before children are harmed.",
                        "Number of notices and licensing reviews reported to the CSE sub-group each quarter.",
                    ),
                ),
            ),
            ObjectiveSpec(
                "Children who go missing are offered a return interview, and what they say shapes the response.",
                (
                    ActionSpec(
                        "Commission an independent return interview service and monitor the offer and take-up.",
                        "Children's Services, CSE sub-group",
                        "cse",
                        When(PREVIOUS, 10, 31),
                        "",
                        "Every child who returns from a missing episode can talk to someone independent.",
                        "At least 80% of returns offered an interview within 72 hours.",
                        (
                            Step(
                                PREVIOUS,
                                5,
                                RED,
                                "No agreed service specification, and funding for the new contract is not confirmed.",
                            ),
                            Step(
                                PREVIOUS,
                                7,
                                AMBER,
                                "Funding agreed by the council and the police and crime commissioner. Tender out in "
                                "August.",
                            ),
                            Step(
                                PREVIOUS,
                                11,
                                AMBER,
                                "Contract awarded; the new service starts in January, so the October date was missed.",
                            ),
                            Step(
                                PREVIOUS,
                                3,
                                GREEN,
                                "Service running since January: 83% of returns offered an interview within 72 "
                                "hours in its first quarter (target 80%). Complete.",
                            ),
                        ),
                    ),
                    ActionSpec(
                        "Report themes from return interviews to the MASE meeting monthly and to QEG quarterly.",
                        "CSE sub-group, QEG",
                        "qeg",
                        None,
                        "Quarterly",
                        "Patterns (places, times, contacts) are seen across agencies, not one case at a time.",
                        "Quarterly themes report received and acted on by QEG.",
                        (
                            Step(
                                CURRENT,
                                5,
                                AMBER,
                                "First quarterly report received by QEG in April; themes not yet analysed across "
                                "agencies.",
                            ),
                            Step(
                                CURRENT,
                                9,
                                AMBER,
                                "Themes report now a standing item at QEG, but police intelligence is not yet in it; "
                                "data sharing to be agreed at the next MASE.",
                            ),
                        ),
                    ),
                    ActionSpec(
                        "Map places of concern with the police, licensing and transport partners.",
                        "Police, CSE sub-group",
                        "cse",
                        When(CURRENT, 6, 30),
                        "",
                        "Partners target patrols, licensing checks and outreach where children are most at risk.",
                        "Map produced and refreshed every six months; actions agreed for each place of concern.",
                        (
                            Step(
                                PREVIOUS,
                                9,
                                AMBER,
                                "Information sharing agreement with the bus operator still being drafted.",
                            ),
                            Step(
                                PREVIOUS,
                                1,
                                AMBER,
                                "Agreement signed in December. First mapping exercise planned for the spring.",
                            ),
                            Step(
                                CURRENT,
                                5,
                                AMBER,
                                "Mapping delayed by the police analyst vacancy; the regional team has been asked "
                                "for cover.",
                            ),
                            Step(
                                CURRENT,
                                9,
                                RED,
                                "No analyst in post and no date for the mapping: no implementation plan. Escalated "
                                "to the Business Committee.",
                            ),
                        ),
                        since_board=(
                            AMBER,
                            "Regional analyst allocated two days a week from this month; first map due to the "
                            "next Board but one.",
                        ),
                    ),
                ),
            ),
            ObjectiveSpec(
                "The board knows how well the partnership protects children at risk of exploitation.",
                (
                    ActionSpec(
                        "Carry out a multi-agency audit of CSE cases and report the findings and actions to the Board.",
                        "QEG",
                        "qeg",
                        When(PREVIOUS, 1, 31),
                        "",
                        "The Board has first-hand evidence of practice, not only agencies' own reports.",
                        "Audit report to the Board; every recommendation has an owner and a date.",
                        (
                            Step(PREVIOUS, 7, AMBER, "Audit tool agreed; case sample to be drawn in September."),
                            Step(
                                PREVIOUS,
                                11,
                                AMBER,
                                "Audit of 12 cases completed by five agencies. Analysis delayed by sickness in the "
                                "business unit; report now to the January Board.",
                            ),
                            Step(
                                PREVIOUS,
                                1,
                                GREEN,
                                "Report going to the January Board with seven recommendations; QEG will monitor the "
                                "action plan. Complete.",
                            ),
                        ),
                    ),
                ),
            ),
        ),
    ),
    PrioritySpec(
        "Neglect",
        "1a;1c;1d",
        "Neglect is recognised and acted on early, before it causes lasting harm.",
        (
            ObjectiveSpec(
                "Practitioners recognise neglect early and assess it with a common tool.",
                (
                    ActionSpec(
                        "Adopt the graded care profile and roll it out across children's services, health "
                        "visiting and schools.",
                        "Children's Services, Community Health, Schools",
                        "policies",
                        When(PREVIOUS, 12, 31),
                        "",
                        "Agencies describe neglect in the same terms, so referrals and plans are clearer.",
                        "Tool in use in all three services; number of trained users.",
                        (
                            Step(
                                PREVIOUS,
                                5,
                                AMBER,
                                "Licence for the tool agreed; train-the-trainer places booked for July.",
                            ),
                            Step(
                                PREVIOUS,
                                9,
                                AMBER,
                                "22 champions trained. Roll-out to schools delayed to the spring term because of "
                                "the autumn inspection workload.",
                            ),
                            Step(
                                PREVIOUS,
                                3,
                                AMBER,
                                "In use in children's services and health visiting; schools started in February.",
                            ),
                            Step(
                                CURRENT,
                                7,
                                GREEN,
                                "In use in all three services, with 64 trained users. Complete.",
                            ),
                        ),
                    ),
                    ActionSpec(
                        "Deliver multi-agency neglect training built around the graded care profile.",
                        "Training and Workforce Development Group",
                        "twd",
                        None,
                        "Ongoing",
                        "Staff are confident to name neglect and to challenge drift.",
                        "Courses delivered and evaluated; places taken up by every partner agency.",
                        (
                            Step(
                                PREVIOUS,
                                11,
                                GREEN,
                                "Four courses delivered this year, all full, with good evaluations. The course "
                                "stays in next year's programme.",
                            ),
                            Step(
                                CURRENT,
                                7,
                                AMBER,
                                "Two further courses delivered, but the June course was cancelled for low take-up "
                                "from health; dates re-offered through the named nurses.",
                            ),
                        ),
                    ),
                    ActionSpec(
                        "Audit the quality of neglect referrals and assessments against the threshold document.",
                        "QEG",
                        "qeg",
                        When(CURRENT, 7, 31),
                        "",
                        "The Board knows whether neglect is referred at the right level and assessed well.",
                        "Audit report with findings from every agency involved.",
                        (
                            Step(
                                PREVIOUS,
                                3,
                                NOT_RATED,
                                "Scope agreed at QEG. The audit follows the graded care profile roll-out, so not "
                                "rated until it starts.",
                            ),
                            Step(
                                CURRENT,
                                5,
                                AMBER,
                                "Audit started: 20 cases across five agencies. Two agencies have not returned "
                                "their forms.",
                            ),
                            Step(
                                CURRENT,
                                9,
                                AMBER,
                                "Forms from the CRC and the hospital trust still outstanding; the QEG chair has "
                                "written to both. Findings now expected at the January Board.",
                            ),
                        ),
                    ),
                    ActionSpec(
                        "Publish a neglect practice guide for practitioners.",
                        "Policies and Procedures sub-group",
                        "policies",
                        When(PREVIOUS, 3, 31),
                        "",
                        "Practitioners have one short guide to what neglect looks like and what to do.",
                        "Guide published on the website and used in neglect training.",
                        initial=RED,
                    ),
                ),
            ),
            ObjectiveSpec(
                "Services for neglected children are planned together, and early help is offered before problems "
                "escalate.",
                (
                    ActionSpec(
                        "Agree a joint neglect strategy with the Children's Partnership and the Health and "
                        "Wellbeing Board.",
                        "LSCB Business Unit, Children's Services, Public Health",
                        "business",
                        When(PREVIOUS, 11, 30),
                        "",
                        "Commissioners and providers work to one set of priorities on neglect.",
                        "Strategy endorsed by the Board and the Health and Wellbeing Board.",
                        (
                            Step(
                                PREVIOUS,
                                7,
                                AMBER,
                                "Draft strategy written; waiting for a slot at the Health and Wellbeing Board in "
                                "October.",
                            ),
                            Step(
                                PREVIOUS,
                                11,
                                GREEN,
                                "Strategy endorsed by the Health and Wellbeing Board and going to this Board for "
                                "sign-off. Complete.",
                            ),
                        ),
                    ),
                    ActionSpec(
                        "Monitor the early help offer: early help assessments started, and step-downs from social "
                        "care.",
                        "Early Help, QEG",
                        "qeg",
                        None,
                        "Nov and July Boards",
                        "Families get help earlier and fewer cases escalate to social care.",
                        "Both figures reported to the Board twice a year, with commentary.",
                        (
                            Step(
                                PREVIOUS,
                                11,
                                AMBER,
                                "Early help figures now in the quarterly dataset; step-down figures not yet reliable.",
                            ),
                            Step(
                                CURRENT,
                                7,
                                GREEN,
                                "Step-down data corrected; both figures reported to the July Board and will be "
                                "each November and July.",
                            ),
                        ),
                    ),
                    ActionSpec(
                        "Review the threshold document (continuum of need) with partners.",
                        "Policies and Procedures sub-group",
                        "policies",
                        When(CURRENT, 9, 30),
                        "",
                        "Referrers and children's social care agree on what needs a referral and what early help.",
                        "Revised document approved by the Board and published.",
                        (
                            Step(
                                CURRENT,
                                5,
                                AMBER,
                                "Review started; consultation with schools and health in June and July.",
                            ),
                            Step(
                                CURRENT,
                                9,
                                AMBER,
                                "Consultation responses collated; legal check of the revised wording still "
                                "outstanding, so September will be missed.",
                            ),
                        ),
                        since_board=(
                            GREEN,
                            "Revised threshold document approved at the last Board and published on the website. "
                            "Complete.",
                        ),
                    ),
                ),
            ),
            ObjectiveSpec(
                "The board understands the extent of neglect in Northmoor.",
                (
                    ActionSpec(
                        "Add neglect indicators to the board's performance dataset and report them quarterly.",
                        "LSCB Business Unit, Public Health",
                        "business",
                        When(PREVIOUS, 9, 30),
                        "",
                        "The Board can see whether neglect is identified earlier over time.",
                        "Agreed indicators in every quarterly dataset.",
                        (
                            Step(
                                PREVIOUS,
                                7,
                                RED,
                                "No agreed set of indicators: the data leads have not met. Business manager to "
                                "convene them in August.",
                            ),
                            Step(
                                PREVIOUS,
                                9,
                                AMBER,
                                "Six indicators agreed; health visiting figures to follow when the new system goes "
                                "live.",
                            ),
                            Step(
                                PREVIOUS,
                                1,
                                AMBER,
                                "New health visiting system delayed to April; four indicators reported meanwhile.",
                            ),
                            Step(CURRENT, 7, GREEN, "All six indicators in the dataset from the July Board. Complete."),
                        ),
                    ),
                ),
            ),
        ),
    ),
    PrioritySpec(
        "Voice of the Child",
        "1b;1c",
        "Children and young people's views and experiences shape what agencies do and what the board looks at.",
        (
            ObjectiveSpec(
                "Every agency can show how it hears children and acts on what they say.",
                (
                    ActionSpec(
                        "Include the voice of the child in the Section 11 audit, and challenge agencies whose "
                        "evidence is weak.",
                        "QEG, All partners",
                        "qeg",
                        When(PREVIOUS, 3, 31),
                        "",
                        "Agencies can show what changed because children told them something.",
                        "Every agency returns the audit; challenge sessions held; improvement plans where needed.",
                        (
                            Step(
                                PREVIOUS,
                                7,
                                AMBER,
                                "Section 11 tool revised with a new voice of the child standard; sent to agencies "
                                "in September.",
                            ),
                            Step(
                                PREVIOUS,
                                11,
                                AMBER,
                                "14 of 17 agencies returned the audit. Challenge sessions planned for February.",
                            ),
                            Step(
                                PREVIOUS,
                                3,
                                GREEN,
                                "Challenge sessions held with every agency; three asked for an improvement plan, "
                                "which QEG will follow up. Complete.",
                            ),
                        ),
                    ),
                    ActionSpec(
                        "Audit case files across agencies for evidence that the child was seen and heard.",
                        "QEG",
                        "qeg",
                        When(CURRENT, 10, 31),
                        "",
                        "The Board knows whether children's views are recorded and make a difference to plans.",
                        "Audit report to the Board with actions for each agency.",
                        (
                            Step(
                                CURRENT,
                                5,
                                NOT_RATED,
                                "Audit planned for September, after the Section 11 follow-up; not yet rated.",
                            ),
                            Step(
                                CURRENT,
                                9,
                                AMBER,
                                "Audit under way; fieldwork to finish in October, a month late after the summer "
                                "cancellations.",
                            ),
                        ),
                        since_board=(
                            RED,
                            "Two agencies have withdrawn their auditors and no new date is agreed. The QEG chair is "
                            "raising it with their Board members.",
                        ),
                    ),
                    ActionSpec(
                        "Publish a 'you said, we did' summary for young people after each Board meeting.",
                        "Communications and Engagement sub-group, Northmoor Youth Voice",
                        "comms",
                        None,
                        "After each Board",
                        "Young people can see what the Board did with what they told it.",
                        "Summary published within a month of each Board.",
                        (
                            Step(
                                PREVIOUS,
                                9,
                                AMBER,
                                "Format agreed with Youth Voice; the first summary was held up by late July minutes.",
                            ),
                            Step(
                                PREVIOUS,
                                1,
                                GREEN,
                                "Summaries published after the September and November Boards, on the website and "
                                "through youth groups.",
                            ),
                            Step(
                                CURRENT,
                                7,
                                AMBER,
                                "No summary after the May Board while the participation worker post was vacant; "
                                "recruitment under way.",
                            ),
                        ),
                    ),
                ),
            ),
            ObjectiveSpec(
                "Young people take part in the board's work.",
                (
                    ActionSpec(
                        "Set up a young people's advisory group that meets the Independent Chair twice a year.",
                        "Independent Chair, LSCB Business Unit",
                        "board",
                        When(PREVIOUS, 12, 31),
                        "",
                        "The Board hears directly from young people about what keeps them safe.",
                        "Group recruited and meeting the Independent Chair twice a year.",
                        (
                            Step(
                                PREVIOUS,
                                7,
                                AMBER,
                                "Youth Voice recruiting members through schools and the children in care council.",
                            ),
                            Step(
                                PREVIOUS,
                                11,
                                AMBER,
                                "Eight young people recruited; the first meeting moved to January to fit around "
                                "mock exams.",
                            ),
                            Step(
                                CURRENT,
                                7,
                                GREEN,
                                "Met the Independent Chair in January and in July; it now meets twice a year. "
                                "Complete.",
                            ),
                        ),
                    ),
                    ActionSpec(
                        "Involve young people in designing the joint e-safety campaign.",
                        "E-Safety Group, Northmoor Youth Voice",
                        "esafety",
                        When(CURRENT, 2, 28),
                        "",
                        "The campaign speaks to young people in their own terms.",
                        "Campaign designed with young people and launched in both board areas.",
                        (
                            Step(
                                CURRENT,
                                7,
                                NOT_RATED,
                                "Design workshops held in two schools; campaign brief agreed with Westdale. Not "
                                "rated until the campaign is scheduled.",
                            ),
                        ),
                    ),
                    ActionSpec(
                        "Include young people's own account of the year in the annual report.",
                        "LSCB Business Unit",
                        None,
                        When(CURRENT, 9, 30),
                        "",
                        "Readers of the annual report hear from young people as well as agencies.",
                        "A section written by young people in the published report.",
                        (
                            Step(
                                CURRENT,
                                7,
                                AMBER,
                                "The advisory group is writing its section; the draft report went to the July "
                                "Board without it.",
                            ),
                            Step(
                                CURRENT,
                                9,
                                GREEN,
                                "Young people's section included in the published annual report. Complete.",
                            ),
                        ),
                    ),
                    ActionSpec(
                        "Survey children in care about whether they feel safe where they live, with the Children in "
                        "Care Council.",
                        "Children's Services, Children in Care Council",
                        None,
                        When(PREVIOUS, 3, 31),
                        "",
                        "Corporate parents know what children in care say about their safety.",
                        "Survey run, findings to the Board, and an action plan followed up by QEG.",
                        (
                            Step(
                                PREVIOUS,
                                1,
                                AMBER,
                                "Survey designed with the Children in Care Council; online version launches in "
                                "February.",
                            ),
                            Step(PREVIOUS, 3, AMBER, "Survey closed with 112 responses; analysis under way."),
                            Step(
                                CURRENT,
                                5,
                                GREEN,
                                "Findings presented to the May Board; QEG will monitor children's services' action "
                                "plan. Complete.",
                            ),
                        ),
                    ),
                ),
            ),
        ),
    ),
    PrioritySpec(
        "Domestic Abuse",
        "1a;1b;1d",
        "Children living with domestic abuse are identified and supported, and agencies respond to the whole family.",
        (
            ObjectiveSpec(
                "Agencies respond consistently to children living with domestic abuse.",
                (
                    ActionSpec(
                        "Agree a multi-agency domestic abuse pathway, including notifying schools after a police "
                        "call-out to a child's home.",
                        "Domestic Abuse task and finish group, Police, Schools",
                        "da",
                        When(PREVIOUS, 1, 31),
                        "",
                        "Schools know by the next morning and can support the child that day.",
                        "Pathway published; notifications running to every secondary school.",
                        (
                            Step(
                                PREVIOUS,
                                11,
                                AMBER,
                                "Task and finish group started in September; draft pathway under discussion.",
                            ),
                            Step(
                                PREVIOUS,
                                1,
                                AMBER,
                                "School notifications agreed in principle; a police IT change is needed first.",
                            ),
                            Step(PREVIOUS, 3, AMBER, "IT change scheduled for May."),
                            Step(
                                CURRENT,
                                5,
                                GREEN,
                                "Pathway published; notifications running to all secondary schools since May. "
                                "Complete.",
                            ),
                        ),
                    ),
                    ActionSpec(
                        "Brief designated safeguarding leads in schools on responding to domestic abuse notifications.",
                        "Training and Workforce Development Group, Education Safeguarding",
                        "twd",
                        When(CURRENT, 7, 31),
                        "",
                        "The child is supported in school the day after an incident.",
                        "Every designated safeguarding lead briefed.",
                        (
                            Step(CURRENT, 5, AMBER, "Two secondary briefings held; primary schools to follow in June."),
                            Step(
                                CURRENT,
                                7,
                                AMBER,
                                "All secondary and 48 of 61 primary leads briefed; the remaining 13 are booked on "
                                "the autumn refresher, so July was missed.",
                            ),
                        ),
                    ),
                    ActionSpec(
                        "Audit the quality of MARAC referrals where there are children in the household.",
                        "QEG, Domestic Abuse Coordinator",
                        "qeg",
                        When(CURRENT, 12, 31),
                        "",
                        "Referrals say what the risk is to the children, not only to the adult victim.",
                        "Audit report with recommendations tracked by QEG.",
                        (
                            Step(CURRENT, 7, AMBER, "Audit agreed at QEG; the MARAC coordinator will pick the sample."),
                            Step(CURRENT, 9, AMBER, "Sample chosen; first audit meeting set for October."),
                        ),
                        since_board=(
                            GREEN,
                            "Audit completed; report to the next Board with four recommendations, which QEG will "
                            "track. Complete.",
                        ),
                    ),
                ),
            ),
            ObjectiveSpec(
                "Services for children and for those who harm are planned jointly.",
                (
                    ActionSpec(
                        "Map domestic abuse services for children and families and identify the gaps.",
                        "Domestic Abuse task and finish group, Public Health",
                        "da",
                        When(PREVIOUS, 3, 31),
                        "",
                        "Commissioners know what exists and where children fall through the gaps.",
                        "Service map and gap analysis presented to the Board.",
                        (
                            Step(PREVIOUS, 1, AMBER, "Mapping survey sent to 23 services; 15 returned so far."),
                            Step(
                                PREVIOUS,
                                3,
                                GREEN,
                                "Service map and gap analysis presented to the March Board. Complete.",
                            ),
                        ),
                    ),
                    ActionSpec(
                        "Commission a recovery programme for children who have lived with domestic abuse.",
                        "Public Health, Children's Services",
                        None,
                        When(CURRENT, 12, 31),
                        "",
                        "Children get help to recover, not only protection.",
                        "Programme commissioned and taking referrals.",
                        (
                            Step(
                                PREVIOUS,
                                3,
                                RED,
                                "No funding identified for the programme: no implementation plan in place.",
                            ),
                            Step(
                                CURRENT,
                                7,
                                RED,
                                "Bid to the police and crime commissioner's fund was not successful. Public Health "
                                "is reviewing options.",
                            ),
                            Step(
                                CURRENT,
                                9,
                                AMBER,
                                "Joint funding agreed by Public Health and Children's Services; procurement starts in "
                                "the new year, so December will slip.",
                            ),
                        ),
                    ),
                    ActionSpec(
                        "Pilot a programme for fathers who use violence, with probation and the CRC.",
                        "National Probation Service, CRC",
                        None,
                        PLAN_END,
                        "",
                        "Fewer children are exposed to repeat abuse in the same household.",
                        "Pilot running, with an evaluation plan agreed.",
                        initial=AMBER,
                    ),
                ),
            ),
            ObjectiveSpec(
                "The work of the domestic abuse task and finish group carries on when it closes.",
                (
                    ActionSpec(
                        "Hand the group's remaining actions to the new Domestic Abuse Partnership.",
                        "Chair of the Domestic Abuse task and finish group",
                        "da",
                        When(CURRENT, 9, 30),
                        "",
                        "No action is lost when the group closes.",
                        "Every open action has a new owner reporting to the Board.",
                        (
                            Step(
                                CURRENT,
                                7,
                                AMBER,
                                "Handover plan drafted; the Partnership's terms of reference are still to be agreed.",
                            ),
                            Step(
                                CURRENT,
                                9,
                                GREEN,
                                "Group closes at the end of September; remaining actions passed to the Domestic "
                                "Abuse Partnership, which reports to the Board twice a year. Complete.",
                            ),
                        ),
                    ),
                ),
            ),
        ),
    ),
    PrioritySpec(
        "The board's own effectiveness",
        "1a-ii;1c;1e;cdr",
        "The board is well run, learns from reviews and child deaths, and can show the difference it makes.",
        (
            ObjectiveSpec(
                "Learning from serious case reviews and child deaths changes practice.",
                (
                    ActionSpec(
                        "Publish serious case reviews with a learning briefing, and track every recommendation to "
                        "completion.",
                        "Serious Case Review sub-committee",
                        "scr",
                        None,
                        "Ongoing",
                        "Lessons are acted on, and the Board can show it.",
                        "Every recommendation signed off by the sub-committee with evidence.",
                        (
                            Step(
                                PREVIOUS,
                                9,
                                AMBER,
                                "One review published in August with a seven-minute briefing; two of its nine "
                                "recommendations are overdue at the hospital trust.",
                            ),
                            Step(
                                PREVIOUS,
                                3,
                                AMBER,
                                "Overdue recommendations now complete; the second review awaits the national "
                                "panel's decision on publication.",
                            ),
                            Step(
                                CURRENT,
                                9,
                                AMBER,
                                "Both reviews published. 13 of 16 recommendations signed off; three await evidence "
                                "from the hospital trust.",
                            ),
                        ),
                    ),
                    ActionSpec(
                        "Run learning events for frontline staff on the themes of local reviews.",
                        "LSCB Business Unit, Training and Workforce Development Group",
                        "twd",
                        When(CURRENT, 11, 30),
                        "",
                        "Frontline staff know what local reviews found and what to do differently.",
                        "Events held; attendance and evaluation reported to the Board.",
                        (
                            Step(PREVIOUS, 1, AMBER, "Two events planned; venue costs not yet agreed."),
                            Step(
                                CURRENT,
                                5,
                                GREEN,
                                "Three learning events held for 186 staff; briefings circulated to all agencies. "
                                "Complete.",
                            ),
                        ),
                    ),
                    ActionSpec(
                        "Publish the Child Death Overview Panel annual report and act on modifiable factors.",
                        "Child Death Overview Panel (joint with Westdale)",
                        "cdop",
                        None,
                        "July Board, each year",
                        "Fewer preventable deaths, through campaigns on the factors the panel finds.",
                        "Annual report presented; agreed campaign delivered.",
                        (
                            Step(
                                PREVIOUS,
                                7,
                                GREEN,
                                "Annual report presented to the July Board; a safe sleep campaign agreed as the "
                                "main action.",
                            ),
                            Step(
                                CURRENT,
                                7,
                                GREEN,
                                "This year's report presented to the July Board; safe sleep campaign delivered "
                                "with both boards' midwifery services.",
                            ),
                        ),
                    ),
                ),
            ),
            ObjectiveSpec(
                "The board has the evidence to judge how well agencies safeguard children.",
                (
                    ActionSpec(
                        "Agree a multi-agency performance dataset and report it to every Board.",
                        "QEG, LSCB Business Unit",
                        "qeg",
                        When(PREVIOUS, 9, 30),
                        "",
                        "The Board judges effectiveness on evidence from every partner.",
                        "Dataset with figures from every statutory partner at every Board.",
                        (
                            Step(
                                PREVIOUS,
                                5,
                                RED,
                                "No agreed dataset: health and police indicators have not been provided.",
                            ),
                            Step(
                                PREVIOUS,
                                7,
                                AMBER,
                                "Draft dataset of 30 indicators agreed at QEG; health figures to follow.",
                            ),
                            Step(
                                PREVIOUS,
                                11,
                                AMBER,
                                "Figures still missing from two health providers. The Independent Chair has "
                                "written to both chief nurses.",
                            ),
                            Step(
                                PREVIOUS,
                                3,
                                GREEN,
                                "Full dataset reported to the March Board; now produced every quarter. Complete.",
                            ),
                        ),
                    ),
                    ActionSpec(
                        "Run a rolling programme of multi-agency case audits on themes agreed by the Board.",
                        "QEG",
                        "qeg",
                        None,
                        "Ongoing",
                        "The Board sees practice directly across agencies, on the themes it chose.",
                        "Four audits a year completed and reported.",
                        (
                            Step(PREVIOUS, 9, GREEN, "Programme of four audits agreed for the year."),
                            Step(
                                PREVIOUS,
                                3,
                                AMBER,
                                "Two of four audits completed; two carried over after the December QEG was cancelled.",
                            ),
                            Step(CURRENT, 7, AMBER, "The two carried-over audits are under way."),
                        ),
                        since_board=(
                            GREEN,
                            "All four audits completed and reported; next year's programme agreed by QEG.",
                        ),
                    ),
                    ActionSpec(
                        "Report attendance at the Board and its sub-groups, and follow up agencies below 75%.",
                        "LSCB Business Unit",
                        "business",
                        None,
                        "Nov and July Boards",
                        "Every partner takes part, and the Board says so when one does not.",
                        "Attendance reported twice a year; letters to agencies below 75%.",
                        (
                            Step(
                                PREVIOUS,
                                11,
                                AMBER,
                                "Attendance reported to the November Board; three agencies below 75%. The "
                                "Independent Chair has written to each.",
                            ),
                            Step(
                                CURRENT,
                                7,
                                AMBER,
                                "Two agencies improved. The national commissioning body still does not attend, "
                                "citing capacity; escalated to its regional director.",
                            ),
                        ),
                    ),
                ),
            ),
            ObjectiveSpec(
                "The board is well run and its partners fund it fairly.",
                (
                    ActionSpec(
                        "Agree partner contributions to the board's budget for both years of the plan.",
                        "Business Committee, Independent Chair",
                        "business",
                        When(PREVIOUS, 6, 30),
                        "",
                        "The business unit and the review programme are funded for the life of the plan.",
                        "Contributions agreed by every statutory partner.",
                        initial=GREEN,
                    ),
                    ActionSpec(
                        "Review the board's structure and sub-groups in the light of the new statutory arrangements.",
                        "Independent Chair, Business Committee",
                        "business",
                        PLAN_END,
                        "",
                        "The partnership is ready for the new arrangements with no gap in oversight.",
                        "Options agreed by the Board; transition plan in place.",
                        (
                            Step(CURRENT, 5, NOT_RATED, "Scoping paper to the Business Committee in June."),
                            Step(
                                CURRENT,
                                9,
                                AMBER,
                                "Options paper delayed until the national guidance is published.",
                            ),
                        ),
                        since_board=(
                            RED,
                            "National guidance delayed again; the Board agreed not to set a plan until it is "
                            "published. No implementation plan in place.",
                        ),
                    ),
                    ActionSpec(
                        "Publish the annual report by the end of September and present it to the partners' leaders.",
                        "Independent Chair, LSCB Business Unit",
                        None,
                        When(CURRENT, 9, 30),
                        "Sept {start:%Y} and Sept {due:%Y}",
                        "The leaders of the council, police and health know how well children are safeguarded.",
                        "Report published on time and presented to each leader.",
                        (
                            Step(
                                PREVIOUS,
                                9,
                                GREEN,
                                "Annual report published and presented to the council leader, the police and crime "
                                "commissioner and the Health and Wellbeing Board.",
                            ),
                            Step(
                                CURRENT,
                                9,
                                AMBER,
                                "This year's report approved, but its presentation to the Health and Wellbeing Board "
                                "moved to January.",
                            ),
                        ),
                    ),
                    ActionSpec(
                        "Evaluate the impact of the board's challenge log at the end of the plan.",
                        "Independent Chair",
                        None,
                        PLAN_END,
                        "",
                        "The Board can show what changed for children because it challenged partners.",
                        "Evaluation presented to the Board with the final annual report of the plan.",
                    ),
                ),
            ),
        ),
    ),
)
