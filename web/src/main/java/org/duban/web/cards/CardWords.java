package org.duban.web.cards;

import java.util.Map;

import io.quarkus.qute.TemplateExtension;

/** A card's colour and state in the office's words: {@code {card:color(c.color)}}, {@code {card:state(c)}}. */
@TemplateExtension(namespace = "card")
public class CardWords {

    public static String color(Object color) {
        return "RED".equals(String.valueOf(color)) ? "红牌" : "YELLOW".equals(String.valueOf(color)) ? "黄牌" : String.valueOf(color);
    }

    /** 已作废 (annulled with its assignment), 已撤销 (lifted), 已确认 (acknowledged by the unit) or 待确认. */
    public static String state(Map<String, Object> card) {
        if (Boolean.TRUE.equals(card.get("annulled"))) {
            return "已作废";
        }
        if (card.get("liftedAt") != null) {
            return "已撤销";
        }
        return card.get("acknowledgedAt") != null ? "已确认" : "待确认";
    }

    /** Whether the unit still has to acknowledge the card: neither acknowledged nor lifted. */
    public static boolean awaitsAcknowledgement(Map<String, Object> card) {
        return card.get("acknowledgedAt") == null && card.get("liftedAt") == null;
    }
}
