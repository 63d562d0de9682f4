/** Serving the Graminsta web app (web/) from the server in the all-in-one setup. */
package com.graminsta.webapp;
