/**
 * Shared infrastructure every feature uses: ids, the database, web conventions, security
 * principals, media storage and rate limits. Each stage's infrastructure lives here behind a
 * small interface, so feature code states intent and never picks a backend.
 */
@ApplicationModule(type = ApplicationModule.Type.OPEN)
package com.graminsta.platform;

import org.springframework.modulith.ApplicationModule;
