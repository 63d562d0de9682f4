package com.graminsta;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.Conditional;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noMethods;

/**
 * The build prepares the application context ahead of time (Spring AOT), which fixes every bean
 * condition at build time, while one build serves every stage. So what a deployment configures
 * (the media store, the worker role, later the cache backend) is chosen in code when the server
 * starts, never by {@code @ConditionalOn…} or {@code @Profile} (docs/decisions/0015).
 */
class ConfigurationChoiceTests {

    private final JavaClasses classes = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("com.graminsta");

    @Test
    void noBeanOfGraminstaIsChosenByACondition() {
        noClasses().should().beMetaAnnotatedWith(Conditional.class).check(classes);
        noMethods().should().beMetaAnnotatedWith(Conditional.class).check(classes);
    }
}
