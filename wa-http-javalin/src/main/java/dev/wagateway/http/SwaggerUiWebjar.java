package dev.wagateway.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** Which Swagger UI the webjar on the class path carries: its files live under a versioned folder. */
public final class SwaggerUiWebjar {

    private static final String POM_PROPERTIES = "/META-INF/maven/org.webjars/swagger-ui/pom.properties";

    private SwaggerUiWebjar() {
    }

    public static String version() {
        try (InputStream in = SwaggerUiWebjar.class.getResourceAsStream(POM_PROPERTIES)) {
            if (in == null) {
                throw new IllegalStateException("the swagger-ui webjar is not on the class path");
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
