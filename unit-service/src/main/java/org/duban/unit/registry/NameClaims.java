package org.duban.unit.registry;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.duban.platform.problem.Problem;

/**
 * Unit names, unit aliases, group names and group aliases form one namespace: a folded key names at most one
 * unit or one group, so a cell of text resolves to exactly one of them.
 */
@ApplicationScoped
public class NameClaims {

    @Inject
    EntityManager em;

    /** Who holds the name, e.g. {@code unit 县财政局} or {@code group 县直相关单位}; empty if it is free. */
    public Optional<String> holderOf(String name) {
        String key = Names.key(name);
        @SuppressWarnings("unchecked")
        var rows = em.createNativeQuery("""
                select 'unit ' || u.name || case when n.canonical then '' else ' (as an alias)' end
                from unit_name n join unit u on u.id = n.unit_id where n.key = ?1
                union all
                select 'group ' || g.name || case when n.canonical then '' else ' (as an alias)' end
                from unit_group_name n join unit_group g on g.id = n.group_id where n.key = ?1""")
                .setParameter(1, key).getResultList();
        return rows.stream().findFirst().map(Object::toString);
    }

    /** A 409 problem naming {@code field} if the name is taken. */
    public void requireFree(String field, String name) {
        holderOf(name).ifPresent(holder -> {
            throw Problem.conflict(field + ": " + name + " already names " + holder).with("field", field)
                    .with("errors", java.util.List.of(java.util.Map.of("field", field, "message", "already names " + holder)));
        });
    }
}
