"""What the demo Safeguarding Adults Board's two-year strategic plan says, and how its ratings moved.

The Care Act 2014 (Schedule 2) asks every Safeguarding Adults Board for a strategic plan; the
demo's runs over the same two reporting years as the children's partnership's business plan,
with its reviews at the same business manager's review points (see .plan). Reviews are
anonymised ("Adult D"). Adults' boards have no statutory function codes of the children's
regulations, so the priorities carry none.
"""

from __future__ import annotations

from governance.demo.groups import CURRENT, PREVIOUS, When

from .plan import AMBER, GREEN, RED, ActionSpec, ObjectiveSpec, PrioritySpec, Step

PRIORITIES = (
    PrioritySpec(
        "Making Safeguarding Personal",
        "",
        "Adults at risk are asked what they want to happen, are supported to say it, and their outcomes "
        "shape every safeguarding enquiry.",
        (
            ObjectiveSpec(
                "Every section 42 enquiry records the outcomes the adult wanted and whether they were met.",
                (
                    ActionSpec(
                        "Add the adult's desired outcomes and whether they were met to the enquiry record, and "
                        "report them to the Board each quarter.",
                        "Adult Social Care, Quality and Performance Sub-group",
                        "qp",
                        When(PREVIOUS, 12, 31),
                        "",
                        "The Board sees whether enquiries achieve what adults wanted, not only whether they closed.",
                        "Outcomes asked in 90% of enquiries; share of outcomes fully or partly met reported quarterly.",
                        (
                            Step(PREVIOUS, 7, AMBER, "New fields specified; the system change is booked for October."),
                            Step(
                                PREVIOUS,
                                11,
                                AMBER,
                                "Fields live from October; first quarter's figures show outcomes asked in 71% of "
                                "enquiries.",
                            ),
                            Step(
                                PREVIOUS,
                                3,
                                GREEN,
                                "Outcomes asked in 92% of enquiries; 84% fully or partly met. Reported to every "
                                "Board. Complete.",
                            ),
                        ),
                    ),
                    ActionSpec(
                        "Make sure every adult who has substantial difficulty taking part in an enquiry is offered "
                        "an independent advocate.",
                        "Adult Social Care, commissioned advocacy service",
                        "qp",
                        When(CURRENT, 9, 30),
                        "",
                        "Adults who need help to speak up have it, as the Care Act requires.",
                        "Audit sample: advocacy offered where needed in 95% of cases.",
                        (
                            Step(
                                PREVIOUS,
                                11,
                                RED,
                                "Audit found advocacy offered in only 58% of cases where it was needed; the "
                                "advocacy contract has a waiting list.",
                            ),
                            Step(
                                CURRENT,
                                5,
                                AMBER,
                                "Extra advocacy hours commissioned from May; practice guidance reissued to the "
                                "safeguarding hub.",
                            ),
                            Step(
                                CURRENT,
                                9,
                                AMBER,
                                "Re-audit shows 81%: better, short of the target. Hub managers now check it at "
                                "every strategy discussion.",
                            ),
                        ),
                        since_board=(
                            GREEN,
                            "November re-audit: advocacy offered in 96% of the cases that needed it. Complete.",
                        ),
                    ),
                ),
            ),
            ObjectiveSpec(
                "Adults and their carers tell the Board what safeguarding was like for them.",
                (
                    ActionSpec(
                        "Run a feedback survey of adults and carers after each enquiry, with Healthwatch.",
                        "Healthwatch Northmoor, Joint Communications Group",
                        "jcomms",
                        When(CURRENT, 3, 31),
                        "",
                        "The Board hears the experience of safeguarding from those who went through it.",
                        "At least 60 responses a year, reported to the Board with what changed.",
                        (
                            Step(PREVIOUS, 9, AMBER, "Survey designed with Healthwatch volunteers; easy-read version."),
                            Step(
                                CURRENT,
                                1,
                                AMBER,
                                "38 responses so far; most felt listened to, a third did not know what happened next.",
                            ),
                        ),
                    ),
                ),
            ),
        ),
    ),
    PrioritySpec(
        "Self-neglect and hoarding",
        "",
        "People who neglect themselves or hoard get a coordinated response that respects their choices and "
        "manages the risks.",
        (
            ObjectiveSpec(
                "One multi-agency self-neglect protocol, known and used by every partner.",
                (
                    ActionSpec(
                        "Rewrite the self-neglect and hoarding protocol, with a risk escalation route through a "
                        "multi-agency risk management meeting.",
                        "Self-neglect Task and Finish Group",
                        "selfneglect",
                        When(CURRENT, 12, 31),
                        "",
                        "Practitioners know when and how to escalate when an adult refuses help and the risk is high.",
                        "Protocol published; risk management meetings held and recorded.",
                        (
                            Step(
                                CURRENT,
                                7,
                                AMBER,
                                "Task and finish group formed in June; draft protocol out to partners in September.",
                            ),
                            Step(
                                CURRENT,
                                9,
                                AMBER,
                                "Consultation under way; housing and the fire service asked for a shorter referral "
                                "form.",
                            ),
                        ),
                    ),
                    ActionSpec(
                        "Refer every adult seen to be at risk of fire through self-neglect or hoarding for a safe and "
                        "well visit.",
                        "Fire and Rescue Service, Northmoor Homes, Adult Social Care",
                        None,
                        When(PREVIOUS, 3, 31),
                        "",
                        "Fewer serious fires in the homes of adults who self-neglect.",
                        "Referrals for safe and well visits by agency; fires in the homes of adults known to services.",
                        (
                            Step(
                                PREVIOUS,
                                7,
                                AMBER,
                                "Referral route agreed with the fire service; housing officers trained in June.",
                            ),
                            Step(
                                PREVIOUS,
                                1,
                                GREEN,
                                "112 referrals this year, up from 30; no fire deaths in the homes of adults known "
                                "to services. Complete.",
                            ),
                        ),
                    ),
                ),
            ),
        ),
    ),
    PrioritySpec(
        "Exploitation, modern slavery and cuckooing",
        "",
        "Adults at risk of exploitation, including financial abuse, modern slavery and cuckooing, are "
        "identified and protected.",
        (
            ObjectiveSpec(
                "Partners recognise exploitation of adults and use one referral pathway.",
                (
                    ActionSpec(
                        "Agree an adult exploitation pathway with the police, housing and the mental health trust, "
                        "linked to the children's partnership's transition arrangements at 18.",
                        "Police, Adult Social Care, Mental Health Trust",
                        "sabexec",
                        When(CURRENT, 6, 30),
                        "",
                        "Young adults exploited as children keep their protection after their 18th birthday.",
                        "Pathway in use; transition cases reviewed jointly by both boards.",
                        (
                            Step(
                                PREVIOUS,
                                11,
                                RED,
                                "No agreement yet on who leads a case at 18; raised with the Executive Group.",
                            ),
                            Step(
                                CURRENT,
                                1,
                                RED,
                                "Still no lead agreed. The two independent chairs have written jointly to the "
                                "three statutory partners.",
                            ),
                            Step(
                                CURRENT,
                                5,
                                AMBER,
                                "Adult social care will lead, the police will convene; the pathway is being written.",
                            ),
                        ),
                    ),
                    ActionSpec(
                        "Train frontline staff of both boards' agencies on modern slavery and cuckooing, in the "
                        "joint training programme.",
                        "Training and Workforce Development Group",
                        "twd",
                        When(CURRENT, 3, 31),
                        "",
                        "Staff who visit homes recognise the signs of cuckooing and modern slavery.",
                        "200 staff trained; confidence before and after.",
                        (
                            Step(CURRENT, 5, AMBER, "Course written with the police; first two dates in September."),
                            Step(CURRENT, 9, GREEN, "Four sessions delivered to 96 staff; on course for March."),
                        ),
                    ),
                ),
            ),
        ),
    ),
    PrioritySpec(
        "Learning from Safeguarding Adults Reviews",
        "",
        "The Board learns from Safeguarding Adults Reviews and can show that practice changed.",
        (
            ObjectiveSpec(
                "The findings of the review of Adult D are acted on by every partner.",
                (
                    ActionSpec(
                        "Publish the review of Adult D with an action plan agreed by every partner named in it.",
                        "Safeguarding Adults Review Sub-group",
                        "sar",
                        When(PREVIOUS, 9, 30),
                        "",
                        "Partners own the learning from the death of Adult D.",
                        "Review published; action plan signed off by each partner.",
                        (
                            Step(
                                PREVIOUS,
                                7,
                                AMBER,
                                "Report with the family for comment; publication planned for September.",
                            ),
                            Step(
                                PREVIOUS,
                                9,
                                GREEN,
                                "Published with the family's agreement; action plan signed off by six partners. "
                                "Complete.",
                            ),
                        ),
                    ),
                    ActionSpec(
                        "Audit whether the learning from Adult D (mental capacity in repeated refusals of care) is "
                        "in practice a year on.",
                        "Quality and Performance Sub-group",
                        "qp",
                        When(CURRENT, 12, 31),
                        "",
                        "Mental capacity is assessed, and recorded, when an adult repeatedly refuses care.",
                        "Case file audit across adult social care, the mental health trust and community health.",
                    ),
                ),
            ),
        ),
    ),
)
