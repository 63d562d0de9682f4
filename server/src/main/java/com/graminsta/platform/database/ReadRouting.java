package com.graminsta.platform.database;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.function.Supplier;

import javax.sql.DataSource;

import com.graminsta.platform.security.Caller;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.datasource.AbstractDataSource;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;

/**
 * Where a read-only transaction runs: the DataSource {@link DatabaseConfiguration} gives Spring's
 * {@code LazyConnectionDataSourceProxy} for read-only transactions. A request's read goes to a
 * replica in the rotation, unless
 * <ul>
 *   <li>the request has already written (it reads its own write back),</li>
 *   <li>its account wrote lately and no replica has replayed that write yet ({@link Sticking}), or
 *       that cannot be told,</li>
 *   <li>no replica is in the rotation;</li>
 * </ul>
 * then it goes to the primary. Work outside requests (jobs, start-up) always reads the primary:
 * a job often reads what the request that queued it has just written.
 *
 * <p>Writes are noted by {@link RoutingTransactionManager}: after a writing transaction commits,
 * the primary's log position is noted for the request's account before the request answers, so
 * its next request, on any instance, finds it.
 */
final class ReadRouting extends AbstractDataSource {

    private static final Logger log = LoggerFactory.getLogger(ReadRouting.class);
    private static final String STATE = ReadRouting.class.getName() + ".state";

    /** What one request has done so far, kept among its attributes. */
    static final class RequestState {
        private Long writer;
        private boolean wrote;
        private boolean unnoted;
        private Lsn needed;
        private Replica inUse;
    }

    /** Set while {@link PrimaryReads} runs a read: a transaction that starts then takes the primary. */
    private static final ThreadLocal<Boolean> PRIMARY_WANTED = new ThreadLocal<>();

    private final DataSource primary;
    private final Replicas replicas;
    private final Sticking sticking;
    private final Counter toReplica;
    private final Counter toPrimary;

    ReadRouting(DataSource primary, Replicas replicas, Sticking sticking, MeterRegistry meters) {
        this.primary = primary;
        this.replicas = replicas;
        this.sticking = sticking;
        this.toReplica = reads(meters, "replica");
        this.toPrimary = reads(meters, "primary");
    }

    private static Counter reads(MeterRegistry meters, String target) {
        return Counter.builder("graminsta.database.reads")
                .description("Read-only transactions, by where they ran")
                .tag("on", target).register(meters);
    }

    @Override
    public Connection getConnection() throws SQLException {
        RequestState state = state();
        Optional<Replica> replica = replicaFor(state);
        if (replica.isPresent()) {
            try {
                Connection connection = replica.get().connection();
                state.inUse = replica.get();
                if (TransactionSynchronizationManager.isSynchronizationActive()) {
                    TransactionSynchronizationManager.registerSynchronization(new OnReplica());
                }
                toReplica.increment();
                return connection;
            } catch (SQLException e) {
                // A pool that timed out because it is busy has no cause; one that cannot connect has.
                if (e.getCause() != null) {
                    replica.get().failed(e);
                }
            }
        }
        Connection connection = primary.getConnection();
        connection.setReadOnly(true);
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new OnPrimary());
        }
        toPrimary.increment();
        return connection;
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        throw new SQLException("The replicas use the primary's credentials");
    }

    private Optional<Replica> replicaFor(RequestState state) {
        if (state == null || state.wrote || !replicas.any() || PRIMARY_WANTED.get() != null) {
            return Optional.empty();
        }
        if (state.needed == null) {
            Long account = account(state);
            state.needed = account == null ? Lsn.ZERO : sticking.lastWrite(account);
            if (state.needed == null) {
                return Optional.empty();
            }
        }
        return replicas.pick(state.needed);
    }

    boolean hasReplicas() {
        return replicas.any();
    }

    boolean primaryAnswering() {
        return replicas.primaryAnswering();
    }

    /** Runs {@code read} with the primary for any read-only transaction that begins meanwhile. */
    <T> T onPrimary(Supplier<T> read) {
        if (PRIMARY_WANTED.get() != null) {
            return read.get();
        }
        PRIMARY_WANTED.set(Boolean.TRUE);
        try {
            return read.get();
        } finally {
            PRIMARY_WANTED.remove();
        }
    }

    /**
     * Marks a read-only transaction that reads a replica. A synchronization, because Spring
     * suspends it with its transaction while another runs (and drops it when the transaction ends).
     */
    private static final class OnReplica implements TransactionSynchronization {
    }

    /** Marks a read-only transaction that has taken its connection from the primary. */
    private static final class OnPrimary implements TransactionSynchronization {
    }

    /** True inside a read-only transaction that has taken its connection from the primary. */
    static boolean transactionOnPrimary() {
        return TransactionSynchronizationManager.isSynchronizationActive()
                && TransactionSynchronizationManager.getSynchronizations().stream().anyMatch(OnPrimary.class::isInstance);
    }

    /** A writing transaction of this request committed. */
    void committedWrite() {
        RequestState state = replicas.any() ? state() : null;
        if (state != null) {
            state.wrote = true;
            state.unnoted = true;
        }
    }

    /**
     * A transaction ended and gave its connection back: notes the primary's position for the
     * account if it wrote. Here and not at commit, so that noting never holds two connections.
     */
    void transactionEnded() {
        RequestState state = replicas.any() ? state() : null;
        if (state == null || !state.unnoted) {
            return;
        }
        state.unnoted = false;
        Long account = account(state);
        if (account == null) {
            return;
        }
        try (Connection connection = primary.getConnection();
             Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("SELECT pg_current_wal_insert_lsn()")) {
            row.next();
            sticking.wrote(account, Lsn.parse(row.getString(1)));
        } catch (SQLException e) {
            // The write stands; the account may read a replica that has not replayed it yet.
            log.warn("Could not note the primary's log position after a write of account {}", account, e);
        }
    }

    /** Called before each try of a read-only transaction; see {@link ReplicaRetry}. */
    void beginAttempt() {
        RequestState state = replicas.any() ? state() : null;
        if (state != null) {
            state.inUse = null;
        }
    }

    /** The replica the current try's transaction read from, if any. */
    Replica replicaInUse() {
        RequestState state = replicas.any() ? state() : null;
        return state == null ? null : state.inUse;
    }

    /** The rest of this request acts for {@code accountId}; see {@link ReadYourWrites}. */
    static void writesFor(long accountId) {
        RequestState state = state();
        if (state != null) {
            state.writer = accountId;
        }
    }

    private static Long account(RequestState state) {
        if (state.writer != null) {
            return state.writer;
        }
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        return authentication != null && authentication.getPrincipal() instanceof Caller caller ? caller.accountId() : null;
    }

    /** This request's state; null outside requests. */
    private static RequestState state() {
        RequestAttributes request = RequestContextHolder.getRequestAttributes();
        if (request == null) {
            return null;
        }
        Object state = request.getAttribute(STATE, RequestAttributes.SCOPE_REQUEST);
        if (state == null) {
            state = new RequestState();
            request.setAttribute(STATE, state, RequestAttributes.SCOPE_REQUEST);
        }
        return (RequestState) state;
    }
}
