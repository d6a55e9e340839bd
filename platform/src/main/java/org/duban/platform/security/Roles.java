package org.duban.platform.security;

/** Realm roles (see deploy/keycloak/duban-realm.json). */
public final class Roles {
    /** Manages units and configuration. */
    public static final String ADMIN = "admin";
    /** 督查室: imports plans, assigns, inspects, issues warnings and bulletins. */
    public static final String SUPERVISOR = "supervisor";
    /** Reads everything across the county. */
    public static final String LEADER = "leader";
    /** Acts for exactly one unit, named by the token claim {@value CallerUnit#CLAIM}. */
    public static final String UNIT_OFFICER = "unit-officer";
    /** Service accounts, e.g. the provincial platform. */
    public static final String INTEGRATION = "integration";
    /** 安全审计员: reads the audit trails, and nothing else; no other role reads them. */
    public static final String AUDITOR = "auditor";

    private Roles() {
    }
}
