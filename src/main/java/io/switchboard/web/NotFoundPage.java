package io.switchboard.web;

import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * A person who follows a wrong link gets a page, not the API's JSON error. Only requests whose
 * first choice is HTML (a browser navigating) are answered so; API paths and every other client keep
 * the one JSON error shape.
 */
public class NotFoundPage {

    private final Template page;

    NotFoundPage(@Location("not-found.html") Template page) {
        this.page = page;
    }

    @ServerResponseFilter
    public void forBrowsers(ContainerRequestContext request, ContainerResponseContext response) {
        if (response.getStatus() == 404 && !request.getUriInfo().getPath().startsWith("/api/")
                && prefersHtml(request.getAcceptableMediaTypes())) {
            response.setEntity(page.render(), null, MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"));
        }
    }

    private static boolean prefersHtml(List<MediaType> acceptable) {
        return !acceptable.isEmpty() && !acceptable.get(0).isWildcardType()
                && acceptable.get(0).isCompatible(MediaType.TEXT_HTML_TYPE);
    }
}
