package org.duban.web.referrals;

import io.quarkus.qute.TemplateExtension;

/** A referral file's state in the office's words: {@code {referral:state(r.state)}}. */
@TemplateExtension(namespace = "referral")
public class ReferralWords {

    public static String state(Object state) {
        return switch (String.valueOf(state)) {
            case "DRAFTED" -> "已起草";
            case "REFERRED" -> "已移送";
            case "DECIDED" -> "已作出处理";
            case "WITHDRAWN" -> "已撤回";
            default -> String.valueOf(state);
        };
    }
}
