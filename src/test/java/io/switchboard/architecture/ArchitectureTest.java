package io.switchboard.architecture;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.assignableTo;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.simpleNameEndingWith;
import static com.tngtech.archunit.core.domain.properties.CanBeAnnotated.Predicates.annotatedWith;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import io.switchboard.Main;
import io.switchboard.platform.error.ApiError;
import io.switchboard.platform.error.ApiExceptionMappers;
import jakarta.persistence.Entity;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The boundaries between the packages. The server's classes come from target/classes, the client
 * jar's from target/client-classes (the tests compile the client again as test code, so the test
 * class path cannot tell the two apart).
 */
class ArchitectureTest {

    /** What the client jar carries besides the client: the JDK and the protocol's two libraries. */
    private static final String[] CLIENT_JAR_LIBRARIES = {"java..", "javax.crypto..", "com.fasterxml.jackson..", "org.bouncycastle.."};

    private static JavaClasses server;
    private static JavaClasses client;

    @BeforeAll
    static void importClasses() throws URISyntaxException {
        Path serverClasses = Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path clientClasses = serverClasses.resolveSibling("client-classes");
        assertTrue(Files.isDirectory(clientClasses), clientClasses + " is missing: compile with Maven first");
        server = new ClassFileImporter().importPath(serverClasses);
        client = new ClassFileImporter().importPath(clientClasses);
    }

    @Test
    void theProtocolDependsOnNothingOfTheApp() {
        classes().that().resideInAPackage("io.switchboard.protocol..")
                .should().onlyDependOnClassesThat(resideInAPackage("io.switchboard.protocol..")
                        .or(resideInAnyPackage(CLIENT_JAR_LIBRARIES)))
                .because("the protocol is shared with the client jar, which carries nothing else of the server")
                .check(server);
    }

    @Test
    void theClientUsesOnlyTheProtocol() {
        classes().that().resideInAPackage("io.switchboard.client..")
                .should().onlyDependOnClassesThat(resideInAnyPackage("io.switchboard.client..", "io.switchboard.protocol..")
                        .or(resideInAnyPackage(CLIENT_JAR_LIBRARIES)))
                .because("the client jar holds the client, the protocol and their libraries only")
                .check(client);
    }

    @Test
    void theServerDoesNotContainTheClient() {
        noClasses().should().resideInAPackage("io.switchboard.client..")
                .because("the client ships in its own jar")
                .check(server);
    }

    @Test
    void packagesHaveNoCycles() {
        slices().matching("io.switchboard.(*)..").should().beFreeOfCycles().check(server);
    }

    @Test
    void resourcesNeverTouchEntitiesOrSql() {
        noClasses().that(httpOrWebSocketEdge())
                .should().dependOnClassesThat(entities().or(sql()))
                .because("resources stay thin: services and stores own the data and its SQL")
                .check(server);
    }

    @Test
    void onlyTheHttpEdgeSpeaksHttp() {
        noClasses().that(DescribedPredicate.not(httpEdge()))
                .should().dependOnClassesThat(resideInAnyPackage("jakarta.ws.rs..", "org.jboss.resteasy..")
                        .or(assignableTo(ApiError.class)).or(assignableTo(ApiExceptionMappers.class)))
                .because("services refuse with a DomainException that says what went wrong; its HTTP status and the error's"
                        + " JSON are chosen at the edge, in platform.error's one table")
                .check(server);
    }

    /** Resources, the HTTP filters of web, and platform.error, which maps refusals to HTTP answers. */
    private static DescribedPredicate<JavaClass> httpEdge() {
        return simpleNameEndingWith("Resource")
                .or(annotatedWith(jakarta.ws.rs.Path.class))
                .or(resideInAnyPackage("io.switchboard.platform.error..", "io.switchboard.web.."))
                .as("the HTTP edge");
    }

    private static DescribedPredicate<JavaClass> httpOrWebSocketEdge() {
        return simpleNameEndingWith("Resource")
                .or(annotatedWith(jakarta.ws.rs.Path.class))
                .or(annotatedWith(io.quarkus.websockets.next.WebSocket.class))
                .as("resources and WebSocket endpoints");
    }

    private static DescribedPredicate<JavaClass> entities() {
        return annotatedWith(Entity.class).or(assignableTo(PanacheEntityBase.class)).as("entities");
    }

    private static DescribedPredicate<JavaClass> sql() {
        return resideInAnyPackage("java.sql..", "javax.sql..", "io.agroal..", "io.quarkus.hibernate.orm.panache..")
                .or(assignableTo(jakarta.persistence.EntityManager.class))
                .or(assignableTo(org.hibernate.Session.class))
                .as("SQL (JDBC, EntityManager, Session, Panache)");
    }
}
