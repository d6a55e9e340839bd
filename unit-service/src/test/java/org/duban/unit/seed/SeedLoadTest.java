package org.duban.unit.seed;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.duban.testing.RealInfrastructure;
import org.duban.testing.Tokens;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(value = RealInfrastructure.class, initArgs = @ResourceArg(name = "database", value = "duban_unit"))
class SeedLoadTest {

    @Test
    void theSeedListIsLoadedAtFirstStartAndReloadingCreatesNothingTwice() throws Exception {
        RegistrySeed seed = RegistrySeed.load();
        long units = count("select count(*) from unit");
        long names = count("select count(*) from unit_name");
        long groups = count("select count(*) from unit_group");
        assertEquals(1, count("select count(*) from seed_load where seed = 'registry-seed'"), "loaded at start");
        assertEquals(seed.groups().size(), groups, "every seed group, once");
        for (RegistrySeed.SeedUnit u : seed.units()) {
            assertEquals(1, count("select count(*) from unit_name where name = '" + u.name() + "'"), u.name());
        }

        given().auth().oauth2(Tokens.supervisor()).when().post("/api/units/seed").then().statusCode(403);
        given().auth().oauth2(Tokens.admin()).when().post("/api/units/seed")
                .then().statusCode(200).body("loaded", equalTo(true)).body("unitsCreated", equalTo(0))
                .body("groupsCreated", equalTo(0)).body("unitsExisting", equalTo(seed.units().size()))
                .body("groupsExisting", equalTo(seed.groups().size()));

        assertEquals(units, count("select count(*) from unit"));
        assertEquals(names, count("select count(*) from unit_name"));
        assertEquals(groups, count("select count(*) from unit_group"));
    }

    private static long count(String sql) throws Exception {
        try (var c = RealInfrastructure.postgres().connect("duban_unit"); var rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
