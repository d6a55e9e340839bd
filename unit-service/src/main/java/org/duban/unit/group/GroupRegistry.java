package org.duban.unit.group;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import org.duban.platform.problem.Problem;
import org.duban.platform.audit.AuditTrail;
import org.duban.unit.registry.NameClaims;
import org.duban.unit.registry.Names;
import org.duban.unit.registry.RegistryRevision;
import org.duban.unit.registry.Unit;
import org.duban.unit.registry.UnitLevel;

/** Creates groups and changes their names, rule and explicit members. Groups are not announced as events. */
@ApplicationScoped
public class GroupRegistry {

    @Inject
    RegistryRevision revision;

    @Inject
    NameClaims claims;

    @Inject
    EntityManager em;

    @Inject
    Clock clock;

    @Inject
    AuditTrail audit;

    /** A group as its audit entries record it. */
    public record GroupState(String name, List<String> aliases, UnitLevel level, String description, GroupRule rule,
            List<UUID> memberIds) {
    }

    public record NewGroup(String name, List<String> aliases, UnitLevel level, String description, GroupRule rule,
            List<UUID> memberIds) {
    }

    @Transactional
    public UnitGroup create(NewGroup request) {
        revision.advance();
        String name = Names.validated("name", request.name());
        claims.requireFree("name", name);
        Map<String, String> aliases = new LinkedHashMap<>();
        List<String> raw = request.aliases() == null ? List.of() : request.aliases();
        for (int i = 0; i < raw.size(); i++) {
            String alias = Names.validated("aliases[" + i + "]", raw.get(i));
            if (!Names.key(alias).equals(Names.key(name)) && !aliases.containsKey(Names.key(alias))) {
                claims.requireFree("aliases[" + i + "]", alias);
                aliases.put(Names.key(alias), alias);
            }
        }
        UnitGroup group = new UnitGroup();
        group.id = UUID.randomUUID();
        group.name = name;
        group.level = request.level();
        group.description = request.description() == null || request.description().isBlank() ? null : request.description().strip();
        group.rule = checkedRule(request.rule());
        group.createdAt = clock.instant();
        group.persist();
        new UnitGroupName(name, group.id, true).persist();
        aliases.values().forEach(a -> new UnitGroupName(a, group.id, false).persist());
        em.flush();
        replaceMembers(group, request.memberIds());
        audit.record("group.create", "GROUP", group.id, null, stateOf(group));
        return group;
    }

    /** Replaces the rule and the explicit members. */
    @Transactional
    public UnitGroup define(UUID id, GroupRule rule, List<UUID> memberIds) {
        revision.advance();
        UnitGroup group = UnitGroup.require(id);
        GroupState before = stateOf(group);
        group.rule = checkedRule(rule);
        replaceMembers(group, memberIds);
        audit.record("group.define", "GROUP", group.id, before, stateOf(group));
        return group;
    }

    @Transactional
    public UnitGroup addAlias(UUID id, String alias) {
        revision.advance();
        UnitGroup group = UnitGroup.require(id);
        String name = Names.validated("alias", alias);
        UnitGroupName existing = UnitGroupName.findById(Names.key(name));
        if (existing != null && existing.groupId.equals(group.id)) {
            return group;
        }
        claims.requireFree("alias", name);
        GroupState before = stateOf(group);
        new UnitGroupName(name, group.id, false).persist();
        em.flush();
        audit.record("group.alias.add", "GROUP", group.id, before, stateOf(group));
        return group;
    }

    private GroupState stateOf(UnitGroup group) {
        em.flush();
        return new GroupState(group.name, aliasesOf(group.id), group.level, group.description, group.rule,
                explicitMembers(group.id));
    }

    /** The group's names other than its canonical one. */
    public static List<String> aliasesOf(UUID groupId) {
        return UnitGroupName.<UnitGroupName> list("groupId = ?1 and canonical = false order by name", groupId).stream()
                .map(n -> n.name).toList();
    }

    /** Explicit members only (the rule's members come from the registry index). */
    public List<UUID> explicitMembers(UUID groupId) {
        @SuppressWarnings("unchecked")
        List<UUID> ids = em.createNativeQuery("select unit_id from unit_group_member where group_id = ?1", UUID.class)
                .setParameter(1, groupId).getResultList();
        return ids;
    }

    private void replaceMembers(UnitGroup group, List<UUID> memberIds) {
        Set<UUID> members = new LinkedHashSet<>();
        List<UUID> ids = memberIds == null ? List.of() : memberIds;
        for (int i = 0; i < ids.size(); i++) {
            Unit unit = ids.get(i) == null ? null : Unit.findById(ids.get(i));
            if (unit == null) {
                throw Problem.invalidField("memberIds[" + i + "]", "no unit " + ids.get(i));
            }
            members.add(unit.id);
        }
        em.createNativeQuery("delete from unit_group_member where group_id = ?1").setParameter(1, group.id).executeUpdate();
        for (UUID member : new ArrayList<>(members)) {
            em.createNativeQuery("insert into unit_group_member (group_id, unit_id) values (?1, ?2)")
                    .setParameter(1, group.id).setParameter(2, member).executeUpdate();
        }
    }

    private static GroupRule checkedRule(GroupRule rule) {
        if (rule == null) {
            return null;
        }
        if (rule.underUnitId() != null && Unit.findById(rule.underUnitId()) == null) {
            throw Problem.invalidField("rule.underUnitId", "no unit " + rule.underUnitId());
        }
        return rule;
    }
}
