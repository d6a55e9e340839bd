package org.duban.stack;

import java.util.List;

/**
 * The demo users of {@code deploy/keycloak/duban-realm.json}, listed so the launcher can print how to get a token for
 * each. Their passwords ({@link #password()}: {@code Duban-<user name>-2026}) satisfy the realm's password policy
 * (12 characters, not the user name, a digit, an upper- and a lower-case letter, a special character): Keycloak refuses
 * to import a realm whose users break it. They are published here, so the realm is for a laptop only.
 * {@code ComposeFileTest} checks this list against the realm file.
 */
public record DemoUser(String username, String role, String unitId, String description) {

    public static final List<DemoUser> ALL = List.of(
            new DemoUser("admin", "admin", null, "manages units and configuration"),
            new DemoUser("supervisor", "supervisor", null, "督查室"),
            new DemoUser("leader", "leader", null, "county leader, reads everything"),
            new DemoUser("integration", "integration", null, "integration role as a person"),
            new DemoUser("auditor", "auditor", null, "安全审计员, reads the audit trails"),
            new DemoUser("officer-zwfwzx", "unit-officer", "3f1c2a6e-8b7d-4e2f-9c41-0a5d7e1b2c01", "县政务服务中心"),
            new DemoUser("officer-wjj", "unit-officer", "3f1c2a6e-8b7d-4e2f-9c41-0a5d7e1b2c02", "县卫生健康局"),
            new DemoUser("officer-jyj", "unit-officer", "3f1c2a6e-8b7d-4e2f-9c41-0a5d7e1b2c03", "县教育局"));

    /** The demo password, published: {@code Duban-<user name>-2026}. */
    public String password() {
        return "Duban-" + username + "-2026";
    }

    /** The confidential service-account client (role integration) and its demo secret. */
    public static final String INTEGRATION_CLIENT = "provincial-platform";
    public static final String INTEGRATION_CLIENT_SECRET = "provincial-platform-secret";
    /** The public client that allows the password grant. */
    public static final String CLI_CLIENT = "duban-cli";
}
