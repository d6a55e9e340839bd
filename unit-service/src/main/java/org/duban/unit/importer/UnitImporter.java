package org.duban.unit.importer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.jboss.logging.Logger;

import io.quarkus.narayana.jta.QuarkusTransaction;

import org.duban.platform.problem.Problem;
import org.duban.platform.audit.AuditTrail;
import org.duban.unit.importer.Sheet.SheetRow;
import org.duban.unit.registry.Names;
import org.duban.unit.registry.Unit;
import org.duban.unit.registry.UnitKind;
import org.duban.unit.registry.UnitLevel;
import org.duban.unit.registry.UnitContacts;
import org.duban.unit.registry.UnitName;
import org.duban.unit.registry.UnitRegistry;

/**
 * Bulk import of units from a {@link Sheet}. Each row names a unit; a unit already known by that name (or
 * alias) is updated — kind, level, parent, supervisor and webhook where the row gives them, aliases added,
 * never removed — otherwise it is created. A row's {@code parent} and {@code supervisor} name a registered
 * unit (by name, alias or id) or another row of the file, which is then applied first.
 *
 * <p>Every row gets a line in the report: CREATED, UPDATED, UNCHANGED, or REJECTED with the field and the
 * reason. By default each row is applied in its own transaction, so the good rows of a file with bad ones
 * are applied and the report says which were not; a row that depends on a rejected row is rejected too.
 * With {@code atomic}, a file with any bad row changes nothing (the report then says NOT_APPLIED for the
 * good rows).
 */
@ApplicationScoped
public class UnitImporter {

    private static final Logger LOG = Logger.getLogger(UnitImporter.class);

    @Inject
    UnitRegistry registry;

    @Inject
    UnitContacts contacts;

    @Inject
    AuditTrail audit;

    /** Named in the OpenAPI document: the resolver's fragment outcome is an {@code Outcome} too. */
    @Schema(name = "RowOutcome", description = "What the import did with one row")
    public enum Outcome {
        CREATED, UPDATED, UNCHANGED, REJECTED, NOT_APPLIED
    }

    public record RowReport(int row, String name, Outcome outcome, UUID unitId, String field, String reason) {
    }

    public record ImportReport(String format, boolean atomic, boolean applied, int rows, int created, int updated,
            int unchanged, int rejected, List<RowReport> report) {
    }

    /** A row that passed the checks that need no database writes. */
    private record Planned(SheetRow source, String name, List<String> aliases, UnitKind kind, UnitLevel level, String parent,
            String supervisor, String webhookUrl) {
    }

    public ImportReport importFile(String mediaType, byte[] body, boolean atomic) {
        List<SheetRow> rows = Sheet.read(mediaType, body);
        String format = mediaType != null && mediaType.toLowerCase(Locale.ROOT).startsWith(Sheet.XLSX) ? "XLSX" : "CSV";
        Map<Integer, RowReport> reports = new LinkedHashMap<>();
        Map<String, Planned> byKey = new HashMap<>();
        List<Planned> planned = new ArrayList<>();
        for (SheetRow row : rows) {
            try {
                Planned p = plan(row);
                Planned earlier = byKey.putIfAbsent(Names.key(p.name()), p);
                if (earlier != null) {
                    throw Problem.invalidField("name", p.name() + " is already row " + earlier.source().row() + " of this file");
                }
                planned.add(p);
            } catch (Problem problem) {
                reports.put(row.row(), rejected(row, row.get("name"), problem));
            }
        }
        Map<String, Planned> byReference = new HashMap<>(); // a row's name or any of its aliases
        for (Planned p : planned) {
            p.aliases().forEach(a -> byReference.putIfAbsent(Names.key(a), p));
        }
        byReference.putAll(byKey);
        List<Planned> order = ordered(planned, byReference, reports);
        if (atomic) {
            return applyAtomically(format, rows, order, reports);
        }
        for (Planned p : order) {
            Optional<RowReport> blocked = blockedBy(p, byReference, reports);
            if (blocked.isPresent()) {
                reports.put(p.source().row(), blocked.get());
                continue;
            }
            try {
                reports.put(p.source().row(), QuarkusTransaction.requiringNew().call(() -> apply(p)));
            } catch (Problem problem) {
                reports.put(p.source().row(), rejected(p.source(), p.name(), problem));
            } catch (RuntimeException e) {
                LOG.warnf(e, "import row %d (%s) failed", p.source().row(), p.name());
                reports.put(p.source().row(), new RowReport(p.source().row(), p.name(), Outcome.REJECTED, null, null,
                        "could not be applied: " + e.getMessage()));
            }
        }
        ImportReport report = report(format, false, true, rows, reports);
        QuarkusTransaction.requiringNew().run(() -> audited(report)); // each row's changes are audited in its own transaction
        return report;
    }

    /** The file's own audit entry: what it did in numbers; the units it changed have their own entries. */
    private void audited(ImportReport report) {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("format", report.format());
        summary.put("atomic", report.atomic());
        summary.put("rows", report.rows());
        summary.put("created", report.created());
        summary.put("updated", report.updated());
        summary.put("unchanged", report.unchanged());
        summary.put("rejected", report.rejected());
        summary.put("units", report.report().stream().filter(r -> r.outcome() == Outcome.CREATED || r.outcome() == Outcome.UPDATED)
                .map(RowReport::unitId).toList());
        audit.record("unit.import", "IMPORT", null, null, summary);
    }

    private ImportReport applyAtomically(String format, List<SheetRow> rows, List<Planned> order, Map<Integer, RowReport> reports) {
        if (!reports.isEmpty()) {
            order.forEach(p -> reports.put(p.source().row(), notApplied(p)));
            return report(format, true, false, rows, reports);
        }
        Map<Integer, RowReport> done = new LinkedHashMap<>();
        try {
            ImportReport[] applied = new ImportReport[1];
            QuarkusTransaction.requiringNew().run(() -> {
                for (Planned p : order) {
                    try {
                        done.put(p.source().row(), apply(p));
                    } catch (Problem problem) {
                        done.put(p.source().row(), rejected(p.source(), p.name(), problem));
                        throw problem;
                    }
                }
                reports.putAll(done);
                applied[0] = report(format, true, true, rows, reports);
                audited(applied[0]); // all or nothing, the file's entry too
            });
            return applied[0];
        } catch (Problem problem) {
            for (Planned p : order) {
                RowReport r = done.get(p.source().row());
                reports.put(p.source().row(), r != null && r.outcome() == Outcome.REJECTED ? r : notApplied(p));
            }
            return report(format, true, false, rows, reports);
        }
    }

    /** The checks that need no writes: required columns, names, kind and level values. */
    private static Planned plan(SheetRow row) {
        String name = Names.validated("name", row.get("name"));
        List<String> aliases = new ArrayList<>();
        String rawAliases = row.get("aliases");
        if (rawAliases != null) {
            for (String a : rawAliases.split("[|;；、]")) {
                if (!a.isBlank()) {
                    aliases.add(Names.validated("aliases", a));
                }
            }
        }
        UnitKind kind = Labels.kind(row.get("kind"));
        UnitLevel level = Labels.level(row.get("level"));
        if ((kind == null || level == null) && UnitName.byName(name).isEmpty()) {
            throw Problem.invalidField(kind == null ? "kind" : "level", "is required for a new unit; one of "
                    + List.of(kind == null ? UnitKind.values() : UnitLevel.values()));
        }
        return new Planned(row, name, aliases, kind, level, row.get("parent"), row.get("supervisor"), row.get("webhook_url"));
    }

    /**
     * Rows in an order where a row naming another row as parent or supervisor comes after it; rows whose
     * references go round in a circle, or that name a unit that is neither registered nor in the file, are
     * rejected here.
     */
    private static List<Planned> ordered(List<Planned> planned, Map<String, Planned> byKey, Map<Integer, RowReport> reports) {
        List<Planned> order = new ArrayList<>();
        Set<Planned> done = new HashSet<>();
        Set<Planned> visiting = new HashSet<>();
        for (Planned p : planned) {
            visit(p, byKey, reports, order, done, visiting);
        }
        return order;
    }

    private static void visit(Planned p, Map<String, Planned> byKey, Map<Integer, RowReport> reports, List<Planned> order,
            Set<Planned> done, Set<Planned> visiting) {
        if (done.contains(p) || reports.containsKey(p.source().row())) {
            return;
        }
        if (!visiting.add(p)) {
            reports.put(p.source().row(), new RowReport(p.source().row(), p.name(), Outcome.REJECTED, null, "parent",
                    "row " + p.source().row() + " and the rows it names as parent or supervisor form a circle"));
            return;
        }
        for (String field : List.of("parent", "supervisor")) {
            String reference = "parent".equals(field) ? p.parent() : p.supervisor();
            if (reference == null) {
                continue;
            }
            Planned other = byKey.get(Names.key(reference));
            if (other != null && other != p) {
                visit(other, byKey, reports, order, done, visiting);
            } else if (!registered(reference)) {
                reports.put(p.source().row(), new RowReport(p.source().row(), p.name(), Outcome.REJECTED, null, field,
                        "unknown " + field + " '" + reference + "': neither a registered unit nor a row (name or alias) of this file"));
            }
        }
        visiting.remove(p);
        done.add(p);
        if (!reports.containsKey(p.source().row())) {
            order.add(p);
        }
    }

    /** A row whose parent or supervisor row was rejected cannot be applied either. */
    private static Optional<RowReport> blockedBy(Planned p, Map<String, Planned> byKey, Map<Integer, RowReport> reports) {
        for (String field : List.of("parent", "supervisor")) {
            String reference = "parent".equals(field) ? p.parent() : p.supervisor();
            Planned other = reference == null ? null : byKey.get(Names.key(reference));
            if (other != null && other != p) {
                RowReport r = reports.get(other.source().row());
                if (r != null && (r.outcome() == Outcome.REJECTED || r.outcome() == Outcome.NOT_APPLIED)) {
                    return Optional.of(new RowReport(p.source().row(), p.name(), Outcome.REJECTED, null, field,
                            field + " row " + other.source().row() + " (" + other.name() + ") was rejected"));
                }
            }
        }
        return Optional.empty();
    }

    /** Creates or updates one row's unit, in the caller's transaction. */
    private RowReport apply(Planned p) {
        int row = p.source().row();
        UUID parentId = p.parent() == null ? null : unitId("parent", p.parent());
        UUID supervisorId = p.supervisor() == null ? null : unitId("supervisor", p.supervisor());
        Optional<UnitName> known = UnitName.byName(p.name());
        if (known.isEmpty()) {
            Unit unit = registry.register(new UnitRegistry.NewUnit(p.name(), p.aliases(), p.kind(), p.level(), parentId,
                    supervisorId));
            if (p.webhookUrl() != null) {
                contacts.change(unit.id, unit.contacts, p.webhookUrl());
            }
            return new RowReport(row, p.name(), Outcome.CREATED, unit.id, null, null);
        }
        Unit unit = Unit.require(known.get().unitId);
        long before = unit.version;
        UnitRegistry.Placement wanted = new UnitRegistry.Placement(p.kind() == null ? unit.kind : p.kind(),
                p.level() == null ? unit.level : p.level(), p.parent() == null ? unit.parentId : parentId,
                p.supervisor() == null ? unit.supervisorId : supervisorId);
        if (wanted.kind() != unit.kind || wanted.level() != unit.level || !Objects.equals(wanted.parentId(), unit.parentId)
                || !Objects.equals(wanted.supervisorId(), unit.supervisorId)) {
            unit = registry.place(unit.id, wanted);
        }
        for (String alias : p.aliases()) {
            unit = registry.addAlias(unit.id, alias);
        }
        if (p.webhookUrl() != null && !p.webhookUrl().equals(unit.webhookUrl)) {
            unit = contacts.change(unit.id, new ArrayList<>(unit.contacts), p.webhookUrl());
        }
        String matched = known.get().canonical ? null : "matched " + unit.name + " by its alias " + known.get().name;
        return new RowReport(row, p.name(), unit.version == before ? Outcome.UNCHANGED : Outcome.UPDATED, unit.id, null, matched);
    }

    private static boolean registered(String reference) {
        return UnitName.byName(reference).isPresent() || asId(reference).map(id -> Unit.findById(id) != null).orElse(false);
    }

    private static UUID unitId(String field, String reference) {
        Optional<UUID> byName = UnitName.byName(reference).map(n -> n.unitId);
        if (byName.isPresent()) {
            return byName.get();
        }
        return asId(reference).filter(id -> Unit.findById(id) != null)
                .orElseThrow(() -> Problem.invalidField(field, "unknown " + field + " '" + reference + "'"));
    }

    private static Optional<UUID> asId(String reference) {
        try {
            return Optional.of(UUID.fromString(reference));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static RowReport rejected(SheetRow row, String name, Problem problem) {
        Map<String, Object> body = problem.body(null);
        Object field = body.get("field");
        if (field == null && body.get("errors") instanceof List<?> errors && !errors.isEmpty()
                && errors.get(0) instanceof Map<?, ?> first) {
            field = first.get("field");
        }
        return new RowReport(row.row(), name, Outcome.REJECTED, null, field == null ? null : field.toString(), problem.getMessage());
    }

    private static RowReport notApplied(Planned p) {
        return new RowReport(p.source().row(), p.name(), Outcome.NOT_APPLIED, null, null,
                "not applied: the import is atomic and another row was rejected");
    }

    private static ImportReport report(String format, boolean atomic, boolean applied, List<SheetRow> rows,
            Map<Integer, RowReport> reports) {
        List<RowReport> ordered = rows.stream().map(r -> reports.get(r.row())).filter(Objects::nonNull).toList();
        int created = count(ordered, Outcome.CREATED);
        int updated = count(ordered, Outcome.UPDATED);
        int unchanged = count(ordered, Outcome.UNCHANGED);
        int rejected = count(ordered, Outcome.REJECTED);
        return new ImportReport(format, atomic, applied, rows.size(), created, updated, unchanged, rejected, ordered);
    }

    private static int count(List<RowReport> reports, Outcome outcome) {
        return (int) reports.stream().filter(r -> r.outcome() == outcome).count();
    }
}
