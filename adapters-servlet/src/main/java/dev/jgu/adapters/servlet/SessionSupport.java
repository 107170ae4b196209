package dev.jgu.adapters.servlet;

import jakarta.servlet.http.HttpSession;

/** One request's view of the sessions: what {@code getSession} and friends need. */
interface SessionSupport {

    /**
     * @param create whether to create a session when there is none
     * @return the session, or null
     */
    HttpSession get(boolean create);

    /** @return the new id; {@link IllegalStateException} when the request has no session */
    String changeId();

    /** @return the id the client sent, or null */
    String requestedId();

    /** @return whether the id the client sent names a live session */
    boolean requestedIdValid();

    /** Saves what the request changed; called once at its end. */
    void finish();

    /** For apps without sessions configured: {@code getSession(true)} fails loudly. */
    SessionSupport NONE = new SessionSupport() {
        @Override
        public HttpSession get(boolean create) {
            if (create) {
                throw new IllegalStateException("this web app has no session store");
            }
            return null;
        }

        @Override
        public String changeId() {
            throw new IllegalStateException("changeSessionId: the request has no session");
        }

        @Override
        public String requestedId() {
            return null;
        }

        @Override
        public boolean requestedIdValid() {
            return false;
        }

        @Override
        public void finish() {
        }
    };
}
