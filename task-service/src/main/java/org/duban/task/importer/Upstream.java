package org.duban.task.importer;

import java.util.ArrayList;
import java.util.List;

import org.duban.task.importer.Parsed.AnnexDraft;
import org.duban.task.importer.Parsed.PlanDraft;

/**
 * Which plan each annex implements, as its title cites it: {@code 中方县贯彻落实《湖南省2021年政务公开工作要点》责任分工}, also
 * nested ({@code 《关于印发〈湖南省2021年政务公开工作要点〉的通知》}, {@code 《关于印发《…》的通知》}) or as the notice it came with
 * ({@code 《关于印发湖南省…要点的通知》}). An annex whose title cites nothing takes the notice title's citation when the notice
 * cites one plan, or one per annex in order.
 */
final class Upstream {

    private Upstream() {
    }

    static void cite(PlanDraft plan, ImportReport report) {
        List<String> fromTitle = above(plan, cited(plan.title));
        for (AnnexDraft annex : plan.annexes) {
            List<String> own = above(plan, cited(annex.title));
            if (!own.isEmpty()) {
                annex.upstreamTitle = own.get(0);
                continue;
            }
            String taken = fromTitle.size() == 1 ? fromTitle.get(0)
                    : fromTitle.size() == plan.annexes.size() ? fromTitle.get(annex.ordinal - 1) : null;
            if (taken != null) {
                annex.upstreamTitle = taken;
                report.notes.add(annex.label + " cites no plan in its title: 《" + taken + "》 taken from the notice's title");
            }
        }
    }

    /**
     * Citations of plans that can be upstream: not of the plan's own level or below (关于印发《中方县2022年…清单》的通知 names
     * the county's own list, which is the annex itself). A title without a place (《政府信息公开条例》) is kept.
     */
    private static List<String> above(PlanDraft plan, List<String> titles) {
        if (plan.level == null) {
            return titles;
        }
        return titles.stream().filter(t -> {
            var level = PlanLevel.declared(t);
            return level == null || PlanLevel.rank(level) < PlanLevel.rank(plan.level);
        }).toList();
    }

    /** The plans a text cites, in order: the innermost title of each 《…》 (with 〈…〉 or 《…》 inside). */
    static List<String> cited(String text) {
        List<String> titles = new ArrayList<>();
        if (text == null) {
            return titles;
        }
        int depth = 0;
        int start = -1;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '《') {
                if (depth++ == 0) {
                    start = i + 1;
                }
            } else if (c == '》' && depth > 0) {
                if (--depth == 0) {
                    titles.add(innermost(text.substring(start, i)));
                }
            }
        }
        return titles;
    }

    /** A loop, not recursion: a title nested thousands of 〈 deep must not overflow the stack. */
    private static String innermost(String quoted) {
        String q = quoted;
        boolean nested = true;
        while (nested) {
            nested = false;
            for (char[] pair : new char[][] { { '〈', '〉' }, { '《', '》' }, { '<', '>' } }) {
                int open = q.indexOf(pair[0]);
                int close = q.lastIndexOf(pair[1]);
                if (open >= 0 && close > open) {
                    q = q.substring(open + 1, close);
                    nested = true;
                    break;
                }
            }
        }
        return q.strip().replaceFirst("^关于(印发|转发)", "").replaceFirst("的通知$", "").strip();
    }
}
