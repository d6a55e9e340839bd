package org.duban.task.plan;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;


/**
 * Which provincial task a county task implements: the county copies the provincial wording, lightly edited, so the
 * character-bigram Jaccard similarity of the two texts (punctuation and spaces ignored) finds it. Pairs are taken
 * best first, one county task per provincial task; a pair below {@link #THRESHOLD} is not proposed. The link is a
 * proposal ({@code upstreamConfirmed = false}) that a supervisor can correct. The importer proposes links when a document
 * is imported, task-service's province feature when the provincial platform issues a task; both by this one rule.
 */
public final class UpstreamLinks {

    public static final double THRESHOLD = 0.2;

    public record Link(Task county, Task provincial, double score) {
    }

    private UpstreamLinks() {
    }

    public static List<Link> match(List<Task> county, List<Task> provincial) {
        Map<UUID, Set<String>> grams = new HashMap<>();
        for (Task t : county) {
            grams.put(t.id, bigrams(t.title));
        }
        for (Task t : provincial) {
            grams.put(t.id, bigrams(t.title));
        }
        List<Link> pairs = new ArrayList<>();
        for (Task c : county) {
            for (Task p : provincial) {
                double s = jaccard(grams.get(c.id), grams.get(p.id));
                if (s >= THRESHOLD) {
                    pairs.add(new Link(c, p, s));
                }
            }
        }
        pairs.sort(Comparator.comparingDouble(Link::score).reversed());
        Set<UUID> taken = new HashSet<>();
        List<Link> links = new ArrayList<>();
        for (Link l : pairs) {
            if (!taken.contains(l.county().id) && !taken.contains(l.provincial().id)) {
                taken.add(l.county().id);
                taken.add(l.provincial().id);
                links.add(l);
            }
        }
        return links;
    }

    static Set<String> bigrams(String text) {
        String t = text == null ? "" : text.replaceAll("[\\p{P}\\p{S}\\s\u3000]", "");
        Set<String> grams = new HashSet<>();
        for (int i = 0; i + 1 < t.length(); i++) {
            grams.add(t.substring(i, i + 2));
        }
        return grams;
    }

    static double jaccard(Set<String> a, Set<String> b) {
        if (a.isEmpty() && b.isEmpty()) {
            return 0;
        }
        int common = 0;
        for (String g : a) {
            if (b.contains(g)) {
                common++;
            }
        }
        return (double) common / (a.size() + b.size() - common);
    }
}
