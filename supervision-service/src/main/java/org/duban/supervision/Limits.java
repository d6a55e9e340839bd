package org.duban.supervision;

/**
 * The documented size limits of what supervision-service accepts (issue 22, issue 20 "bounded input"): every free-text
 * field and every list has one, checked with {@code @Size} before anything changes (400 naming the field). Texts that
 * travel in events (findings, rectification reports, card reasons) stay far below Kafka's 1 MB record limit.
 */
public final class Limits {

    /** Titles: an inspection, a bulletin. */
    public static final int TITLE = 200;
    /** 文号 such as 中督通〔2021〕5号. */
    public static final int DOCUMENT_NUMBER = 64;
    /** A card's reason, a lift's reason, a re-check's note, a rectification requirement. */
    public static final int REASON = 2000;
    /** A finding's text, a unit's response to it, a rectification report, a referral's basis or decision. */
    public static final int TEXT = 10_000;
    /** A bulletin's body as the supervisor edits it. */
    public static final int BULLETIN_TEXT = 50_000;
    /** Evidence references of a finding (file names, document numbers, links): how many, and each one's length. */
    public static final int EVIDENCE_ITEMS = 50;
    public static final int EVIDENCE = 1000;
    /** An inspection's checklist: how many points, and each one's length. */
    public static final int CHECKLIST_ITEMS = 100;
    public static final int CHECKLIST_ITEM = 500;
    /** Ids in one request: units or tasks of an inspection's scope, sections, a referral's cards, findings, assignments. */
    public static final int IDS = 500;

    private Limits() {
    }
}
