package org.duban.province.message;

/** A message refused with a code other than 0; {@code msg} names the header or field at fault. Nothing was changed. */
public class Refusal extends RuntimeException {

    private final int code;
    private final int httpStatus;
    private final String msgId;

    public Refusal(int code, String msg, String msgId) {
        this(code, msg, msgId, new Answer(code, msg, msgId).httpStatus());
    }

    public Refusal(int code, String msg, String msgId, int httpStatus) {
        super(msg, null, false, false); // an answer, not a failure: no stack trace
        this.code = code;
        this.msgId = msgId;
        this.httpStatus = httpStatus;
    }

    public static Refusal signing(String msg) {
        return new Refusal(Answer.REFUSED, msg, null);
    }

    public static Refusal invalid(String field, String problem, String msgId) {
        return new Refusal(Answer.INVALID, field + ": " + problem, msgId);
    }

    public static Refusal flow(String msg, String msgId) {
        return new Refusal(Answer.FLOW, msg, msgId);
    }

    public Refusal withMsgId(String id) {
        return msgId != null || id == null ? this : new Refusal(code, getMessage(), id, httpStatus);
    }

    public int code() {
        return code;
    }

    public int httpStatus() {
        return httpStatus;
    }

    public Answer answer() {
        return new Answer(code, getMessage(), msgId);
    }
}
