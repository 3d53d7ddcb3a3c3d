package io.switchboard.federation;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Optional;

/** Where the business's inbox shows third-party chats: among the others, or in a section of their own. */
public enum ThirdPartyFolder {
    MAIN("main"),
    SEPARATE("separate");

    private final String code;

    ThirdPartyFolder(String code) {
        this.code = code;
    }

    @JsonValue
    public String code() {
        return code;
    }

    static Optional<ThirdPartyFolder> fromCode(String code) {
        return Arrays.stream(values()).filter(folder -> folder.code.equals(code)).findFirst();
    }
}
