package io.switchboard.web;

import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import io.switchboard.account.AccountService;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * The HTML pages. They carry no secrets and no per-user data: everything that needs keys runs in
 * the page's TypeScript module, which talks to the API.
 */
@Path("/")
@Produces(MediaType.TEXT_HTML)
public class PageResource {

    private final Template index;
    private final Template setup;
    private final Template link;
    private final Template devices;
    private final Template chat;
    private final Template inbox;
    private final Template settings;
    private final Template board;
    private final Template reports;
    private final Template audit;
    private final Template recover;
    private final AccountService account;

    PageResource(@Location("index.html") Template index, @Location("setup.html") Template setup,
                 @Location("link.html") Template link, @Location("devices.html") Template devices,
                 @Location("chat.html") Template chat, @Location("inbox.html") Template inbox,
                 @Location("settings.html") Template settings, @Location("board.html") Template board,
                 @Location("reports.html") Template reports, @Location("audit.html") Template audit, @Location("recover.html") Template recover,
                 AccountService account) {
        this.index = index;
        this.setup = setup;
        this.link = link;
        this.devices = devices;
        this.chat = chat;
        this.inbox = inbox;
        this.settings = settings;
        this.board = board;
        this.reports = reports;
        this.audit = audit;
        this.recover = recover;
        this.account = account;
    }

    @GET
    public TemplateInstance index() {
        return index.data("page", "index");
    }

    @GET
    @Path("setup")
    public TemplateInstance setup() {
        return setup.data("page", "setup");
    }

    /** A new browser recovers the account: with the recovery key, or with an operator's reset link (protocol §7.3, §7.4). */
    @GET
    @Path("recover")
    public TemplateInstance recover() {
        return recover.data("page", "recover");
    }

    @GET
    @Path("link")
    public TemplateInstance link() {
        return link.data("page", "link").data("account", account.info());
    }

    @GET
    @Path("devices")
    public TemplateInstance devices() {
        return devices.data("page", "devices");
    }

    @GET
    @Path("chat")
    public TemplateInstance chat() {
        return chat.data("page", "chat").data("account", account.info());
    }

    @GET
    @Path("inbox")
    public TemplateInstance inbox() {
        return inbox.data("page", "inbox");
    }

    @GET
    @Path("settings")
    public TemplateInstance settings() {
        return settings.data("page", "settings");
    }

    /** The supervisors' live board; like every page it is the same for everyone, the API decides what a device sees (§15.1). */
    @GET
    @Path("board")
    public TemplateInstance board() {
        return board.data("page", "board");
    }

    /** Reports for supervisors (§15.8); the API cuts them to the caller's scope. */
    @GET
    @Path("reports")
    public TemplateInstance reports() {
        return reports.data("page", "reports");
    }

    /** The audit trail for admins (§15.8). */
    @GET
    @Path("audit")
    public TemplateInstance audit() {
        return audit.data("page", "audit");
    }
}
