package org.duban.unit.resolve;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import org.duban.unit.registry.Names;
import org.duban.unit.registry.UnitLevel;
import org.duban.unit.resolve.RegistryIndex.NameEntry;
import org.duban.unit.resolve.RegistryIndex.Scored;

/**
 * Turns a cell of a notice (牵头单位 or 责任单位) into fragments, each resolved to a unit or a group, or
 * left unresolved — and the connective text around them ({@code 等}, {@code 和}, {@code 按职责分工负责}, …),
 * reported as such. Every character of the text outside separators ends up in a fragment or a connective;
 * nothing is dropped.
 *
 * <p>How a cell is read: the text is NFKC-folded (offsets still point into the original); names known to
 * contain a separator (各市州、县市区人民政府) are kept whole; the rest is split at separators (、 , ; 。 and
 * whitespace). Each piece is then, in this order: a known name (exact or alias); an unbalanced bracket, a
 * leading joiner (和, 及, 以及, 与) or a trailing duty phrase (按职责分工负责, 职责分工负责, 负责, 牵头, …)
 * peeled off as connective text; split at {@code 等} (what follows it is a group such as 县直相关单位, or a
 * generic phrase such as 相关单位); split at an inner 和/及/与 when the part before it is a known name and
 * the rest resolves fully (so 县住房和城乡建设局 stays one name); otherwise a fuzzy match, or unresolved with
 * the closest candidates. A stretch longer than {@link #MAX_PIECE} is reported whole, unresolved.
 */
@ApplicationScoped
public class NameResolver {

    /** Characters that separate names in a cell (after NFKC folding). */
    public static final String SEPARATORS = "、,;。/\n\r\t \u3000";

    /** Score a fuzzy match needs: one character wrong in a four-character name (县财政句 → 县财政局). */
    static final double FUZZY_THRESHOLD = 0.75;
    /** A runner-up this close to the best candidate makes a fuzzy match ambiguous: then it stays unresolved. */
    static final double AMBIGUITY_MARGIN = 0.05;

    private static final List<String> LEADING = byLengthDesc("以及", "会同", "和", "及", "与");
    private static final List<String> TRAILING = byLengthDesc("按职责分工负责", "职责分工负责", "按职责牵头负责", "按职责负责",
            "分工负责", "牵头负责", "负责", "牵头", "配合");
    private static final List<String> AFTER_DENG = byLengthDesc("相关单位", "有关单位", "相关部门", "有关部门", "单位", "部门");
    private static final String JOINERS = "和及与";
    /** Joiners between two names that may both be unknown: 市直有关单位和各区县人民政府, 县财政局会同县审计局. */
    private static final List<String> NAME_JOINERS = byLengthDesc("以及", "会同", "和", "及", "与");
    /** How a unit's or group's name ends; a joiner splits two stretches that both end so (县住房和城乡建设局 does not). */
    private static final List<String> NAME_ENDINGS = List.of("局", "委", "办", "厅", "部", "院", "中心", "单位", "政府", "部门",
            "公司", "队", "会", "站", "所", "室", "处", "馆", "社", "团", "组", "委员会", "管委会", "街道");
    /**
     * Longest stretch between separators that is taken apart: no name is longer than {@link Names#MAX_LENGTH},
     * so a longer stretch is reported whole, unresolved, instead of being searched for names at great cost.
     */
    static final int MAX_PIECE = 4 * Names.MAX_LENGTH;

    @Inject
    RegistryIndexHolder indexes;

    /** Named in the OpenAPI document: the importer's row outcome is an {@code Outcome} too, and the second got a number. */
    @Schema(name = "FragmentOutcome", description = "What a name in the text resolved to: a unit, a group of units, or nothing")
    public enum Outcome {
        UNIT, GROUP, UNRESOLVED
    }

    public enum Match {
        EXACT, ALIAS, FUZZY
    }

    /** A name-bearing part of the text and what it resolved to; offsets are UTF-16 indices into the input. */
    public record Fragment(String text, int start, int end, Outcome outcome, Match match, double score, NameEntry target,
            List<Scored> candidates) {
    }

    /** Text recognised as connective (等, 按职责分工负责, …): not a unit, reported so nothing vanishes. */
    public record Connective(String text, int start, int end) {
    }

    public record Resolution(List<Fragment> fragments, List<Connective> connectives) {
        public long unresolved() {
            return fragments.stream().filter(f -> f.outcome() == Outcome.UNRESOLVED).count();
        }
    }

    public Resolution resolve(String text, UnitLevel level) {
        return new Reading(indexes.current(), text == null ? "" : text, level).read();
    }

    /** One resolution: the folded text with its map back to the input, and what was found so far. */
    private static final class Reading {
        private final RegistryIndex index;
        private final String original;
        private final UnitLevel level;
        private final StringBuilder folded = new StringBuilder();
        /** For each folded char: where its source code point starts and ends in the original. */
        private final List<int[]> origin = new ArrayList<>();
        private final List<Fragment> fragments = new ArrayList<>();
        private final List<Connective> connectives = new ArrayList<>();
        /** Stretches already tried as the right-hand side of a joiner: each is segmented once at most. */
        private final java.util.Map<Long, Boolean> fullyResolved = new java.util.HashMap<>();

        Reading(RegistryIndex index, String original, UnitLevel level) {
            this.index = index;
            this.original = original;
            this.level = level;
            for (int i = 0; i < original.length();) {
                int cp = original.codePointAt(i);
                int next = i + Character.charCount(cp);
                String nfkc = Normalizer.normalize(original.substring(i, next), Normalizer.Form.NFKC);
                for (int k = 0; k < nfkc.length(); k++) {
                    folded.append(nfkc.charAt(k));
                    origin.add(new int[] { i, next });
                }
                i = next;
            }
        }

        Resolution read() {
            String text = folded.toString();
            boolean[] whole = new boolean[text.length()];
            for (String name : index.namesWithSeparators()) {
                for (int at = text.indexOf(name); at >= 0; at = text.indexOf(name, at + name.length())) {
                    boolean free = true;
                    for (int k = at; k < at + name.length(); k++) {
                        free &= !whole[k];
                    }
                    if (free) {
                        for (int k = at; k < at + name.length(); k++) {
                            whole[k] = true;
                        }
                    }
                }
            }
            int start = 0;
            for (int i = 0; i <= text.length(); i++) {
                boolean separator = i == text.length() || (!whole[i] && SEPARATORS.indexOf(text.charAt(i)) >= 0);
                if (separator) {
                    segment(start, i);
                    start = i + 1;
                }
            }
            fragments.sort(Comparator.comparingInt(Fragment::start));
            connectives.sort(Comparator.comparingInt(Connective::start));
            return new Resolution(List.copyOf(fragments), List.copyOf(connectives));
        }

        private void segment(int s, int e) {
            if (s >= e) {
                return;
            }
            String piece = folded.substring(s, e);
            if (piece.length() > MAX_PIECE) {
                fragments.add(new Fragment(source(s, e), from(s), to(e), Outcome.UNRESOLVED, null, 0, null, List.of()));
                return;
            }
            Optional<NameEntry> known = index.exact(Names.key(piece));
            if (known.isPresent()) {
                addKnown(s, e, known.get());
                return;
            }
            if (isConnectiveWord(piece)) {
                connective(s, e);
                return;
            }
            if (piece.length() > 2 && piece.charAt(0) == '(' && piece.charAt(piece.length() - 1) == ')'
                    && balanced(piece.substring(1, piece.length() - 1))) {
                connective(s, s + 1); // the whole piece in brackets
                segment(s + 1, e - 1);
                connective(e - 1, e);
                return;
            }
            if (isBracket(piece.charAt(0)) && !balanced(piece)) {
                connective(s, s + 1); // a bracket left over from the surrounding text
                segment(s + 1, e);
                return;
            }
            if (isBracket(piece.charAt(piece.length() - 1)) && !balanced(piece)) {
                segment(s, e - 1);
                connective(e - 1, e);
                return;
            }
            for (String lead : LEADING) {
                // 会同县 is a county (怀化市会同县), not the joiner 会同 before 县…
                if (piece.startsWith(lead) && !(lead.equals("会同") && piece.startsWith("会同县"))) {
                    connective(s, s + lead.length());
                    segment(s + lead.length(), e);
                    return;
                }
            }
            for (String tail : TRAILING) {
                if (piece.endsWith(tail)) {
                    segment(s, e - tail.length());
                    connective(e - tail.length(), e);
                    return;
                }
            }
            int deng = piece.indexOf('等');
            if (deng >= 0) {
                segment(s, s + deng);
                connective(s + deng, s + deng + 1);
                int rest = s + deng + 1;
                String after = folded.substring(rest, e);
                if (!after.isEmpty() && index.exact(Names.key(after)).isEmpty()) {
                    for (String generic : AFTER_DENG) {
                        if (after.startsWith(generic)) {
                            connective(rest, rest + generic.length());
                            rest += generic.length();
                            break;
                        }
                    }
                }
                segment(rest, e);
                return;
            }
            // a joiner between a known name and a rest that resolves fully (left to right, so the cost stays linear)
            for (int i = 1; i < piece.length() - 1; i++) {
                if (JOINERS.indexOf(piece.charAt(i)) >= 0 && index.exact(Names.key(folded.substring(s, s + i))).isPresent()
                        && resolvesFully(s + i + 1, e)) {
                    segment(s, s + i);
                    connective(s + i, s + i + 1);
                    segment(s + i + 1, e);
                    return;
                }
            }
            // a joiner between two stretches that both read as names, known or not (市直有关单位和各区县人民政府)
            for (int i = 2; i < piece.length() - 2; i++) {
                for (String joiner : NAME_JOINERS) {
                    int after = i + joiner.length();
                    if (piece.startsWith(joiner, i) && after < piece.length() - 1 && endsAsName(piece.substring(0, i))
                            && endsAsName(piece)) {
                        segment(s, s + i);
                        connective(s + i, s + after);
                        segment(s + after, e);
                        return;
                    }
                }
            }
            addFuzzy(s, e, piece);
        }

        private static boolean endsAsName(String stretch) {
            return stretch.length() >= 3 && NAME_ENDINGS.stream().anyMatch(stretch::endsWith);
        }

        /** Whether a stretch would resolve with nothing left unresolved or fuzzy (tried, then taken back). */
        private boolean resolvesFully(int s, int e) {
            Boolean known = fullyResolved.get(((long) s << 32) | e);
            if (known != null) {
                return known;
            }
            int fragmentsBefore = fragments.size();
            int connectivesBefore = connectives.size();
            segment(s, e);
            boolean full = fragments.size() > fragmentsBefore && fragments.subList(fragmentsBefore, fragments.size()).stream()
                    .allMatch(f -> f.outcome() != Outcome.UNRESOLVED && f.match() != Match.FUZZY);
            fragments.subList(fragmentsBefore, fragments.size()).clear();
            connectives.subList(connectivesBefore, connectives.size()).clear();
            fullyResolved.put(((long) s << 32) | e, full);
            return full;
        }

        private void addKnown(int s, int e, NameEntry name) {
            Outcome outcome = name.group() != null ? Outcome.GROUP : Outcome.UNIT;
            fragments.add(new Fragment(source(s, e), from(s), to(e), outcome, name.canonical() ? Match.EXACT : Match.ALIAS,
                    1.0, name, List.of()));
        }

        private void addFuzzy(int s, int e, String piece) {
            List<Scored> candidates = index.fuzzy(Names.key(piece), level, FUZZY_THRESHOLD - 0.15, 3);
            // the level a name declares (市人社局: city) must agree before any fuzzy match; the others stay candidates
            List<Scored> agreeing = candidates.stream()
                    .filter(c -> AdministrativeLevel.agree(piece, Names.normalise(c.name().name()), c.name().level())).toList();
            List<Scored> good = agreeing.stream().filter(c -> c.score() + 1e-9 >= FUZZY_THRESHOLD).toList();
            boolean clear = !good.isEmpty()
                    && (agreeing.size() == 1 || agreeing.get(1).score() < good.get(0).score() - AMBIGUITY_MARGIN);
            if (clear) {
                Scored best = good.get(0);
                fragments.add(new Fragment(source(s, e), from(s), to(e),
                        best.name().group() != null ? Outcome.GROUP : Outcome.UNIT, Match.FUZZY, best.score(), best.name(),
                        candidates));
            } else {
                fragments.add(new Fragment(source(s, e), from(s), to(e), Outcome.UNRESOLVED, null, 0, null, candidates));
            }
        }

        private void connective(int s, int e) {
            if (s < e) {
                connectives.add(new Connective(source(s, e), from(s), to(e)));
            }
        }

        private static boolean isBracket(char c) {
            return c == '(' || c == ')';
        }

        /** Brackets that open and close in order, as in a name like 中国(湖南)自由贸易试验区. */
        private static boolean balanced(String piece) {
            int depth = 0;
            for (int i = 0; i < piece.length(); i++) {
                char c = piece.charAt(i);
                depth += c == '(' ? 1 : c == ')' ? -1 : 0;
                if (depth < 0) {
                    return false;
                }
            }
            return depth == 0;
        }

        private static boolean isConnectiveWord(String piece) {
            return Stream.of(LEADING, TRAILING, AFTER_DENG).anyMatch(l -> l.contains(piece)) || piece.equals("等")
                    || piece.equals("(") || piece.equals(")");
        }

        private int from(int foldedIndex) {
            return origin.get(foldedIndex)[0];
        }

        private int to(int foldedEnd) {
            return origin.get(foldedEnd - 1)[1];
        }

        private String source(int s, int e) {
            return original.substring(from(s), to(e));
        }
    }

    private static List<String> byLengthDesc(String... words) {
        return Stream.of(words).sorted(Comparator.comparingInt(String::length).reversed()).toList();
    }
}
