package org.duban.unit.registry;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

/**
 * The registry's revision: one number that moves with every committed change to units, names or groups.
 * Moving it takes the row lock of {@code registry_revision} for the rest of the transaction, so changes to
 * the registry are serialised (checks for free names and cycles run after the lock and see every earlier
 * commit), and readers such as the name resolver know when their copy is stale.
 */
@ApplicationScoped
public class RegistryRevision {

    @Inject
    EntityManager em;

    /** Call first in every change: locks the registry for this transaction and moves the revision on. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void advance() {
        em.createNativeQuery("update registry_revision set revision = revision + 1 where id = 1").executeUpdate();
    }

    /** The last committed revision (or this transaction's own, if it changed the registry). */
    public long current() {
        return ((Number) em.createNativeQuery("select revision from registry_revision where id = 1").getSingleResult())
                .longValue();
    }
}
