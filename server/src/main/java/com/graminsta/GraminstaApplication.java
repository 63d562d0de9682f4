package com.graminsta;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class GraminstaApplication {

    /**
     * Tomcat sizes three byte buffers of every WebSocket by this system property, read once: the
     * frame reader's input, the writer's output and its encoder's. Its default, 8,192, is 24 KB a
     * socket; at 4,096 it is 12 KB, and a status (a few kilobytes) still goes in one or two frames
     * (decision 0036). A value given on the command line wins.
     */
    static final String WEBSOCKET_BUFFER_SIZE = "org.apache.tomcat.websocket.DEFAULT_BUFFER_SIZE";

    public static void main(String[] args) {
        if (System.getProperty(WEBSOCKET_BUFFER_SIZE) == null) {
            System.setProperty(WEBSOCKET_BUFFER_SIZE, "4096");
        }
        SpringApplication.run(GraminstaApplication.class, args);
    }
}
