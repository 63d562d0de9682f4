package com.graminsta;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class GraminstaApplication {

    public static void main(String[] args) {
        SpringApplication.run(GraminstaApplication.class, args);
    }
}
