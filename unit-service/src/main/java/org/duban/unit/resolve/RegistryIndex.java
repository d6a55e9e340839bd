package org.duban.unit.resolve;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.apache.commons.text.similarity.LevenshteinDistance;

import org.duban.unit.group.GroupMembership;
import org.duban.unit.registry.UnitKind;
import org.duban.unit.registry.UnitLevel;
import org.duban.unit.registry.UnitStatus;

/**
 * An immutable in-memory copy of the registry at one revision: every name (folded key → unit or group),
 * every unit's place, every group's members, and a character-bigram index of the names for fuzzy matching.
 * {@link RegistryIndexHolder} builds a new one whenever the registry's revision moves.
 */
public final class RegistryIndex {

    /** A unit as the resolver and groups need it. */
    public record UnitEntry(UUID id, String name, UnitKind kind, UnitLevel level, UnitStatus status, UUID parentId)
            implements GroupMembership.Candidate {
    }

    /** A group and its members (active units, by name). */
    public record GroupEntry(UUID id, String name, UnitLevel level, String description, List<UnitEntry> members) {
    }

    /** One name: of a unit ({@code unit} set) or of a group ({@code group} set). */
    public record NameEntry(String key, String name, boolean canonical, UnitEntry unit, GroupEntry group) {
        UnitLevel level() {
            return unit != null ? unit.level() : group.level();
        }

        boolean active() {
            return group != null || unit.status() == UnitStatus.ACTIVE;
        }

        UUID targetId() {
            return unit != null ? unit.id() : group.id();
        }
    }

    /** A fuzzy candidate: {@code score} = 1 − edit distance / longer length. */
    public record Scored(NameEntry name, double score) {
    }

    private final long revision;
    private final Map<UUID, UnitEntry> units;
    private final Map<UUID, GroupEntry> groups;
    private final Map<String, NameEntry> byKey;
    /** Names written with a separator inside (各市州、县市区人民政府): the splitter must keep them whole. */
    private final List<String> namesWithSeparators;
    private final NameEntry[] fuzzyNames;
    private final Map<Long, int[]> postings;

    RegistryIndex(long revision, Map<UUID, UnitEntry> units, Map<UUID, GroupEntry> groups, List<NameEntry> names,
            String separators) {
        this.revision = revision;
        this.units = Map.copyOf(units);
        this.groups = Map.copyOf(groups);
        Map<String, NameEntry> keys = new HashMap<>();
        List<String> withSeparators = new ArrayList<>();
        List<NameEntry> fuzzy = new ArrayList<>();
        for (NameEntry n : names) {
            keys.put(n.key(), n);
            String written = org.duban.unit.registry.Names.normalise(n.name());
            if (written.chars().anyMatch(c -> separators.indexOf(c) >= 0)) {
                withSeparators.add(written);
            }
            if (n.active()) {
                fuzzy.add(n);
            }
        }
        withSeparators.sort(Comparator.comparingInt(String::length).reversed());
        this.byKey = Map.copyOf(keys);
        this.namesWithSeparators = List.copyOf(withSeparators);
        this.fuzzyNames = fuzzy.toArray(NameEntry[]::new);
        Map<Long, List<Integer>> lists = new HashMap<>();
        for (int i = 0; i < fuzzyNames.length; i++) {
            for (long gram : new LinkedHashSet<>(bigrams(fuzzyNames[i].key()))) {
                lists.computeIfAbsent(gram, g -> new ArrayList<>()).add(i);
            }
        }
        Map<Long, int[]> compact = new HashMap<>(lists.size() * 2);
        lists.forEach((gram, ids) -> compact.put(gram, ids.stream().mapToInt(Integer::intValue).toArray()));
        this.postings = compact;
    }

    public long revision() {
        return revision;
    }

    public Optional<NameEntry> exact(String key) {
        return Optional.ofNullable(byKey.get(key));
    }

    public Optional<UnitEntry> unit(UUID id) {
        return Optional.ofNullable(units.get(id));
    }

    public Optional<GroupEntry> group(UUID id) {
        return Optional.ofNullable(groups.get(id));
    }

    public List<GroupEntry> groups() {
        return groups.values().stream().sorted(Comparator.comparing(GroupEntry::name)).toList();
    }

    public int unitCount() {
        return units.size();
    }

    public int nameCount() {
        return byKey.size();
    }

    List<String> namesWithSeparators() {
        return namesWithSeparators;
    }

    /**
     * Active names closest to {@code key} whose score reaches {@code threshold}, best first, at most
     * {@code limit}; when {@code level} is given, only names of units or groups at that level (or of groups
     * without one). Candidates come from shared character bigrams, so a name sharing nothing is never
     * compared; the Levenshtein distance (Apache Commons Text) is bounded by the threshold.
     */
    public List<Scored> fuzzy(String key, UnitLevel level, double threshold, int limit) {
        int length = key.length();
        if (length == 0) {
            return List.of();
        }
        Set<Long> grams = new LinkedHashSet<>(bigrams(key));
        int[] shared = new int[fuzzyNames.length];
        List<Integer> touched = new ArrayList<>();
        for (long gram : grams) {
            int[] ids = postings.get(gram);
            if (ids == null) {
                continue;
            }
            for (int id : ids) {
                if (shared[id]++ == 0) {
                    touched.add(id);
                }
            }
        }
        List<Scored> scored = new ArrayList<>();
        for (int id : touched) {
            NameEntry candidate = fuzzyNames[id];
            if (level != null && candidate.level() != null && candidate.level() != level) {
                continue;
            }
            String other = candidate.key();
            int longer = Math.max(length, other.length());
            int allowed = (int) Math.floor(longer * (1 - threshold) + 1e-9);
            if (Math.abs(length - other.length()) > allowed) {
                continue;
            }
            // each edit breaks at most two of the query's bigrams
            if (shared[id] < grams.size() - 2 * allowed) {
                continue;
            }
            int distance = new LevenshteinDistance(allowed).apply(key, other);
            if (distance < 0) {
                continue;
            }
            double score = 1.0 - (double) distance / longer;
            if (score + 1e-9 >= threshold) {
                scored.add(new Scored(candidate, Math.round(score * 1000) / 1000.0));
            }
        }
        scored.sort(Comparator.comparingDouble(Scored::score).reversed().thenComparing(s -> s.name().name()));
        // one entry per unit or group: its best-scoring name
        Set<UUID> seen = new java.util.HashSet<>();
        List<Scored> best = new ArrayList<>();
        for (Scored s : scored) {
            if (seen.add(s.name().targetId())) {
                best.add(s);
                if (best.size() == limit) {
                    break;
                }
            }
        }
        return best;
    }

    /** Character bigrams of a key (a one-character key is its own gram). */
    private static List<Long> bigrams(String key) {
        int[] cps = key.codePoints().toArray();
        List<Long> grams = new ArrayList<>(Math.max(1, cps.length - 1));
        if (cps.length == 1) {
            grams.add((long) cps[0]);
        }
        for (int i = 0; i + 1 < cps.length; i++) {
            grams.add(((long) cps[i] << 21) | cps[i + 1]);
        }
        return grams;
    }
}
