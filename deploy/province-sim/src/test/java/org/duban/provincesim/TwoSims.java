package org.duban.provincesim;

import java.net.URI;
import java.time.Clock;
import java.util.function.UnaryOperator;

/**
 * A province stand-in and a second instance playing the county, pointed at each other, sharing one clock: the county
 * pushes to the province's {@code /api/county/messages} and the province to the county's {@code /api/province/messages}.
 */
final class TwoSims implements AutoCloseable {

    static final GuoMi.Sm2KeyPair PROVINCE_SM2 = GuoMi.generateSm2KeyPair();
    static final GuoMi.Sm2KeyPair COUNTY_SM2 = GuoMi.generateSm2KeyPair();

    final ProvinceSim province;
    final ProvinceSim county;

    TwoSims(Clock clock) {
        this(clock, UnaryOperator.identity());
    }

    TwoSims(Clock clock, UnaryOperator<Settings.Builder> provinceTweak) {
        this(clock, provinceTweak, UnaryOperator.identity());
    }

    TwoSims(Clock clock, UnaryOperator<Settings.Builder> provinceTweak, UnaryOperator<Settings.Builder> countyTweak) {
        province = ProvinceSim.start(provinceTweak.apply(
                Settings.builder().clock(clock).provinceSm2(PROVINCE_SM2).countySm2(COUNTY_SM2)).build());
        county = ProvinceSim.start(countyTweak.apply(Settings.builder().clock(clock).provinceSm2(PROVINCE_SM2).countySm2(COUNTY_SM2)
                .role(Settings.Role.COUNTY).gatewayUrl(province.baseUrl())).build());
        province.gatewayUrl(county.baseUrl());
    }

    URI provinceUrl() {
        return province.baseUrl();
    }

    @Override
    public void close() {
        county.close();
        province.close();
    }
}
