package io.switchboard.setup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SetupBannerTest {

    @Test
    void theLifetimeIsSaidInWords() {
        assertEquals("24 hours", SetupService.readable(Duration.ofHours(24)));
        assertEquals("1 hour", SetupService.readable(Duration.ofHours(1)));
        assertEquals("30 minutes", SetupService.readable(Duration.ofMinutes(30)));
        assertEquals("1 hour 30 minutes", SetupService.readable(Duration.ofMinutes(90)));
        assertEquals("3 days", SetupService.readable(Duration.ofDays(3)));
        assertEquals("0 minutes", SetupService.readable(Duration.ZERO));
    }

    @Test
    void theLinkStandsOnItsOwnLineBetweenRules() {
        String banner = SetupService.setupBanner("http://localhost:8080/setup#token=abc", Duration.ofHours(24));
        String[] lines = banner.split(System.lineSeparator());
        assertTrue(banner.contains("valid for 24 hours"), banner);
        assertTrue(banner.lines().anyMatch(line -> line.equals("    http://localhost:8080/setup#token=abc")), banner);
        assertEquals("=".repeat(72), lines[1]);
        assertEquals("=".repeat(72), lines[lines.length - 1]);
        assertTrue(!banner.contains("PT24H"), banner);
    }
}
