package org.duban.unit.registry;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import org.duban.events.unit.UnitContactsChanged;
import org.duban.events.unit.UnitDeactivated;
import org.duban.events.unit.UnitMerged;
import org.duban.events.unit.UnitRegistered;
import org.duban.events.unit.UnitRenamed;
import org.duban.events.unit.UnitSnapshot;
import org.duban.platform.outbox.Outbox;
import org.duban.platform.problem.Problem;

/**
 * Every change to a unit. Each runs in one transaction that first takes the registry's write lock
 * ({@link RegistryRevision}), checks, changes, and announces through the outbox: the lifecycle event where
 * there is one, and after every change a {@link UnitSnapshot} of each unit it touched, with the unit's
 * version moved on by one.
 */
@ApplicationScoped
public class UnitRegistry {

    /** Parent and supervisor chains are never this deep; a longer walk means a cycle slipped in. */
    private static final int MAX_DEPTH = 64;

    @Inject
    Outbox outbox;

    @Inject
    Clock clock;

    @Inject
    RegistryRevision revision;

    @Inject
    NameClaims claims;

    @Inject
    EntityManager em;

    /** What a new unit needs; {@code aliases}, {@code parentId} and {@code supervisorId} may be null. */
    public record NewUnit(String name, List<String> aliases, UnitKind kind, UnitLevel level, UUID parentId,
            UUID supervisorId) {
    }

    /** The structural facts of a unit an update replaces (null parent or supervisor: none). */
    public record Placement(UnitKind kind, UnitLevel level, UUID parentId, UUID supervisorId) {
    }

    @Transactional
    public Unit register(NewUnit request) {
        return register(UUID.randomUUID(), request);
    }

    /** With a given id: the seed list fixes the ids the demo realm's unit officers carry in their tokens. */
    @Transactional
    public Unit register(UUID id, NewUnit request) {
        revision.advance();
        if (Unit.findById(id) != null) {
            throw Problem.conflict("a unit with id " + id + " already exists").with("field", "id");
        }
        String name = Names.validated("name", request.name());
        claims.requireFree("name", name);
        List<String> aliases = validatedAliases(request.aliases(), name);
        requireKindAndLevel(request.kind(), request.level());
        Instant now = clock.instant();
        Unit unit = new Unit();
        unit.id = id;
        unit.name = name;
        unit.kind = request.kind();
        unit.level = request.level();
        unit.createdAt = now;
        checkParent(unit, request.parentId());
        checkSupervisor(unit, request.supervisorId());
        unit.parentId = request.parentId();
        unit.supervisorId = request.supervisorId();
        unit.persist();
        new UnitName(name, unit.id, true).persist();
        for (String alias : aliases) {
            new UnitName(alias, unit.id, false).persist();
        }
        UnitStatusChange.record(unit, "registered", now);
        outbox.publish(new UnitRegistered(unit.id, unit.name, aliases, unit.kind.name(), unit.level.name(), unit.parentId));
        announce(unit);
        return unit;
    }

    /** Replaces kind, level, parent and supervisor; nothing is announced when nothing changed. */
    @Transactional
    public Unit place(UUID id, Placement placement) {
        revision.advance();
        Unit unit = Unit.lock(id);
        requireActive(unit, "change");
        requireKindAndLevel(placement.kind(), placement.level());
        checkParent(unit, placement.parentId());
        checkSupervisor(unit, placement.supervisorId());
        if (unit.kind == placement.kind() && unit.level == placement.level()
                && Objects.equals(unit.parentId, placement.parentId())
                && Objects.equals(unit.supervisorId, placement.supervisorId())) {
            return unit;
        }
        unit.kind = placement.kind();
        unit.level = placement.level();
        unit.parentId = placement.parentId();
        unit.supervisorId = placement.supervisorId();
        announce(unit);
        return unit;
    }

    /** A new canonical name; the old one stays an alias (UnitRenamed). */
    @Transactional
    public Unit rename(UUID id, String newName) {
        revision.advance();
        Unit unit = Unit.lock(id);
        requireActive(unit, "rename");
        String name = Names.validated("name", newName);
        String oldName = unit.name;
        if (name.equals(oldName)) {
            return unit;
        }
        UnitName current = UnitName.canonicalOf(unit.id);
        UnitName target = UnitName.findById(Names.key(name));
        if (target == null || !target.unitId.equals(unit.id)) {
            claims.requireFree("name", name); // another unit or a group holds it
        }
        if (target != null && target == current) {
            current.name = name; // the same name written differently (e.g. other brackets): no alias
        } else {
            if (current != null) {
                current.canonical = false; // the old name stays, as an alias
            }
            em.flush(); // one canonical name per unit, also between the two updates
            if (target != null) {
                target.canonical = true; // one of the unit's aliases becomes its name
                target.name = name;
            } else {
                new UnitName(name, unit.id, true).persist();
            }
        }
        unit.name = name;
        outbox.publish(new UnitRenamed(unit.id, oldName, name, clock.instant()));
        announce(unit);
        return unit;
    }

    @Transactional
    public Unit addAlias(UUID id, String alias) {
        revision.advance();
        Unit unit = Unit.lock(id);
        String name = Names.validated("alias", alias);
        UnitName existing = UnitName.findById(Names.key(name));
        if (existing != null && existing.unitId.equals(unit.id)) {
            return unit; // already known by that name
        }
        claims.requireFree("alias", name);
        new UnitName(name, unit.id, false).persist();
        announce(unit);
        return unit;
    }

    @Transactional
    public Unit removeAlias(UUID id, String alias) {
        revision.advance();
        Unit unit = Unit.lock(id);
        UnitName existing = UnitName.findById(Names.key(alias));
        if (existing == null || !existing.unitId.equals(unit.id) || existing.canonical) {
            throw Problem.notFound(unit.name + " has no alias " + alias);
        }
        existing.delete();
        announce(unit);
        return unit;
    }

    /**
     * Merges {@code id} into {@code survivorId} (机构合并): the absorbed unit becomes MERGED; its names become
     * the survivor's aliases (documents that still name it resolve to the survivor), its child units, the
     * units it supervised and its group memberships move to the survivor. UnitMerged, then a snapshot of
     * every unit that changed.
     */
    @Transactional
    public Unit merge(UUID id, UUID survivorId, String reason) {
        revision.advance();
        if (survivorId == null) {
            throw Problem.invalidField("survivorId", "must not be null");
        }
        if (id.equals(survivorId)) {
            throw Problem.invalidField("survivorId", "a unit cannot be merged into itself");
        }
        Unit absorbed = Unit.lock(id);
        Unit survivor = Unit.findById(survivorId, jakarta.persistence.LockModeType.PESSIMISTIC_WRITE);
        if (survivor == null) {
            throw Problem.invalidField("survivorId", "no unit " + survivorId);
        }
        requireActive(absorbed, "merge");
        if (!survivor.isActive()) {
            throw Problem.conflict("cannot merge " + absorbed.name + " into " + survivor.name + ": it is "
                    + describeStatus(survivor)).with("field", "survivorId")
                    .with("errors", List.of(Map.of("field", "survivorId", "message", survivor.name + " is " + describeStatus(survivor))));
        }
        if (isAncestor(absorbed.id, survivor.parentId)) {
            throw Problem.conflict("cannot merge " + absorbed.name + " into " + survivor.name + ", which sits under it;"
                    + " move " + survivor.name + " first").with("field", "survivorId");
        }
        Instant now = clock.instant();
        List<Unit> touched = new ArrayList<>();
        for (UnitName n : UnitName.<UnitName> list("unitId", absorbed.id)) {
            n.unitId = survivor.id;
            n.canonical = false;
        }
        for (Unit child : Unit.<Unit> list("parentId = ?1 and id <> ?2", absorbed.id, survivor.id)) {
            child.parentId = survivor.id;
            touched.add(child);
        }
        for (Unit supervised : Unit.<Unit> list("supervisorId = ?1 and id <> ?2", absorbed.id, survivor.id)) {
            supervised.supervisorId = survivor.id;
            if (!touched.contains(supervised)) {
                touched.add(supervised);
            }
        }
        if (absorbed.id.equals(survivor.supervisorId)) {
            survivor.supervisorId = absorbed.supervisorId;
        }
        requireNoSupervisionCycle(survivor, absorbed);
        em.createNativeQuery("""
                insert into unit_group_member (group_id, unit_id)
                select group_id, ?2 from unit_group_member where unit_id = ?1 on conflict do nothing""")
                .setParameter(1, absorbed.id).setParameter(2, survivor.id).executeUpdate();
        em.createNativeQuery("delete from unit_group_member where unit_id = ?1").setParameter(1, absorbed.id).executeUpdate();
        absorbed.status = UnitStatus.MERGED;
        absorbed.mergedIntoId = survivor.id;
        UnitStatusChange.record(absorbed, reason == null || reason.isBlank() ? "merged into " + survivor.name : reason.strip(), now);
        outbox.publish(new UnitMerged(absorbed.id, absorbed.name, survivor.id, survivor.name, now));
        announce(absorbed);
        announce(survivor); // it gained the absorbed unit's names as aliases
        touched.forEach(this::announce);
        return absorbed;
    }

    /** Dissolves a unit (撤销) without a successor: UnitDeactivated. Refused while units sit under it or report to it. */
    @Transactional
    public Unit deactivate(UUID id, String reason) {
        revision.advance();
        Unit unit = Unit.lock(id);
        requireActive(unit, "dissolve");
        List<String> dependants = new ArrayList<>();
        Unit.<Unit> list("parentId = ?1 and status = ?2", unit.id, UnitStatus.ACTIVE).forEach(u -> dependants.add(u.name + " (child)"));
        Unit.<Unit> list("supervisorId = ?1 and status = ?2", unit.id, UnitStatus.ACTIVE).forEach(u -> dependants.add(u.name + " (supervised)"));
        if (!dependants.isEmpty()) {
            throw Problem.conflict("cannot dissolve " + unit.name + " while active units depend on it: "
                    + String.join("、", dependants) + "; move them, or merge " + unit.name + " into another unit")
                    .with("dependants", dependants);
        }
        Instant now = clock.instant();
        String why = reason == null || reason.isBlank() ? "dissolved" : reason.strip();
        unit.status = UnitStatus.DISSOLVED;
        UnitStatusChange.record(unit, why, now);
        outbox.publish(new UnitDeactivated(unit.id, unit.name, why, now));
        announce(unit);
        return unit;
    }

    /** Replaces the contacts and webhook URL (UnitContactsChanged); nothing is announced when nothing changed. */
    @Transactional
    public Unit changeContacts(UUID id, List<UnitContact> contacts, String webhookUrl) {
        revision.advance();
        Unit unit = Unit.lock(id);
        List<UnitContact> checked = validatedContacts(contacts);
        String webhook = validatedWebhook(webhookUrl);
        if (sameContacts(unit.contacts, checked) && Objects.equals(unit.webhookUrl, webhook)) {
            return unit;
        }
        unit.contacts.clear();
        unit.contacts.addAll(checked);
        unit.webhookUrl = webhook;
        outbox.publish(new UnitContactsChanged(unit.id, checked.stream().map(UnitContact::toEvent).toList(), webhook,
                clock.instant()));
        announce(unit);
        return unit;
    }

    /** The whole state of a unit as its replicas see it. */
    public UnitSnapshot snapshotOf(Unit unit) {
        List<String> aliases = UnitName.aliasesOf(unit.id).stream().map(n -> n.name).toList();
        return new UnitSnapshot(unit.id, unit.version, unit.name, aliases, unit.kind.name(), unit.level.name(),
                unit.parentId, unit.supervisorId, unit.status.name(), unit.mergedIntoId,
                unit.contacts.stream().map(UnitContact::toEvent).toList(), unit.webhookUrl);
    }

    /** After every change: the next version, and its snapshot through the outbox. */
    private void announce(Unit unit) {
        unit.version++;
        unit.updatedAt = clock.instant();
        em.flush();
        outbox.publish(snapshotOf(unit));
    }

    private List<String> validatedAliases(List<String> raw, String name) {
        Map<String, String> byKey = new LinkedHashMap<>();
        if (raw != null) {
            for (int i = 0; i < raw.size(); i++) {
                String field = "aliases[" + i + "]";
                String alias = Names.validated(field, raw.get(i));
                String key = Names.key(alias);
                if (key.equals(Names.key(name)) || byKey.containsKey(key)) {
                    continue; // the same name twice is one name
                }
                claims.requireFree(field, alias);
                byKey.put(key, alias);
            }
        }
        return List.copyOf(byKey.values());
    }

    private static void requireKindAndLevel(UnitKind kind, UnitLevel level) {
        if (kind == null) {
            throw Problem.invalidField("kind", "must not be null; one of " + List.of(UnitKind.values()));
        }
        if (level == null) {
            throw Problem.invalidField("level", "must not be null; one of " + List.of(UnitLevel.values()));
        }
    }

    private static void requireActive(Unit unit, String action) {
        if (!unit.isActive()) {
            throw Problem.conflict("cannot " + action + " " + unit.name + ": it is " + describeStatus(unit))
                    .with("status", unit.status.name());
        }
    }

    private static String describeStatus(Unit unit) {
        if (unit.status == UnitStatus.MERGED) {
            Unit into = Unit.findById(unit.mergedIntoId);
            return "merged into " + (into == null ? unit.mergedIntoId : into.name);
        }
        return unit.status.name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The new parent must exist and must not be the unit itself or sit under it. */
    private void checkParent(Unit unit, UUID parentId) {
        if (parentId == null) {
            return;
        }
        Unit parent = Unit.referenced("parentId", parentId);
        if (parent.id.equals(unit.id) || isAncestor(unit.id, parent.parentId)) {
            throw Problem.invalidField("parentId", "placing " + unit.name + " under " + parent.name
                    + " would make " + unit.name + " its own ancestor");
        }
        if (!parent.isActive()) {
            throw Problem.invalidField("parentId", parent.name + " is " + describeStatus(parent));
        }
    }

    /** The supervisor must exist, be active, and the supervision chain must not come back to the unit. */
    private void checkSupervisor(Unit unit, UUID supervisorId) {
        if (supervisorId == null) {
            return;
        }
        Unit supervisor = Unit.referenced("supervisorId", supervisorId);
        if (!supervisor.isActive()) {
            throw Problem.invalidField("supervisorId", supervisor.name + " is " + describeStatus(supervisor));
        }
        UUID current = supervisor.id;
        for (int depth = 0; current != null && depth < MAX_DEPTH; depth++) {
            if (current.equals(unit.id)) {
                throw Problem.invalidField("supervisorId", "supervision by " + supervisor.name + " would come back to "
                        + unit.name + " (a supervision cycle)");
            }
            Unit next = Unit.findById(current);
            current = next == null ? null : next.supervisorId;
        }
    }

    /** After a merge re-pointed supervision to the survivor, its own chain must not come back to it (409 otherwise). */
    private void requireNoSupervisionCycle(Unit survivor, Unit absorbed) {
        em.flush();
        UUID current = survivor.supervisorId;
        List<String> chain = new ArrayList<>();
        for (int depth = 0; current != null && depth < MAX_DEPTH; depth++) {
            Unit next = Unit.findById(current);
            if (next == null) {
                return;
            }
            chain.add(next.name);
            if (next.id.equals(survivor.id)) {
                throw Problem.conflict("merging " + absorbed.name + " into " + survivor.name + " would make a supervision cycle ("
                        + survivor.name + " → " + String.join(" → ", chain) + "); change one of these supervisors first")
                        .with("field", "survivorId");
            }
            current = next.supervisorId;
        }
    }

    /** Whether {@code ancestorId} is {@code startId} or one of its ancestors (walking parent links up). */
    private static boolean isAncestor(UUID ancestorId, UUID startId) {
        UUID current = startId;
        for (int depth = 0; current != null && depth < MAX_DEPTH; depth++) {
            if (current.equals(ancestorId)) {
                return true;
            }
            Unit next = Unit.findById(current);
            current = next == null ? null : next.parentId;
        }
        return false;
    }

    private static List<UnitContact> validatedContacts(List<UnitContact> contacts) {
        List<UnitContact> checked = new ArrayList<>();
        if (contacts == null) {
            return checked;
        }
        for (int i = 0; i < contacts.size(); i++) {
            UnitContact c = contacts.get(i);
            String field = "contacts[" + i + "]";
            if (c == null) {
                throw Problem.invalidField(field, "must not be null");
            }
            String name = Names.validated(field + ".name", c.name);
            if (c.role == null) {
                throw Problem.invalidField(field + ".role", "must be one of " + List.of(ContactRole.values()));
            }
            String phone = blankToNull(c.phone);
            if (phone != null && !phone.matches("[0-9+()\\- ]{3,32}")) {
                throw Problem.invalidField(field + ".phone", "is not a phone number: " + phone);
            }
            String email = blankToNull(c.email);
            if (email != null && !email.matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+")) {
                throw Problem.invalidField(field + ".email", "is not an e-mail address: " + email);
            }
            if (phone == null && email == null) {
                throw Problem.invalidField(field, "needs a phone number or an e-mail address");
            }
            checked.add(new UnitContact(name, c.role, phone, email));
        }
        return checked;
    }

    private static String validatedWebhook(String raw) {
        String url = blankToNull(raw);
        if (url == null) {
            return null;
        }
        try {
            URI uri = new URI(url);
            if (uri.getHost() == null || !("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))) {
                throw new IllegalArgumentException();
            }
            return url;
        } catch (Exception e) {
            throw Problem.invalidField("webhookUrl", "must be an absolute http(s) URL: " + url);
        }
    }

    private static boolean sameContacts(List<UnitContact> a, List<UnitContact> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (!a.get(i).toEvent().equals(b.get(i).toEvent())) {
                return false;
            }
        }
        return true;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
