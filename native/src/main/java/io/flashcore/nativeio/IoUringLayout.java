package io.flashcore.nativeio;

/**
 * The io_uring ABI as flashcore uses it: {@code struct io_uring_params}, the 64-byte submission
 * queue entry and the 16-byte completion queue entry, plus the opcodes and flags.
 *
 * <pre>
 * io_uring_sqe (64 bytes)
 *  0      1      2         4        8               16              24      28         32
 * +------+------+---------+--------+---------------+---------------+-------+----------+
 * |opcode|flags | ioprio  |   fd   | off / cmd_op  |     addr      |  len  | rw_flags |
 * +------+------+---------+--------+---------------+---------------+-------+----------+
 * 32               40          42            44          48        56        64
 * +----------------+-----------+-------------+-----------+---------+---------+
 * |   user_data    | buf_index | personality | file_index|  addr3  |  pad    |
 * +----------------+-----------+-------------+-----------+---------+---------+
 *
 * io_uring_cqe (16 bytes): user_data u64 @0, res s32 @8, flags u32 @12
 * </pre>
 */
final class IoUringLayout {
    static final int PARAMS_BYTES = 120;
    static final long P_SQ_ENTRIES = 0;
    static final long P_CQ_ENTRIES = 4;
    static final long P_FLAGS = 8;
    static final long P_SQ_THREAD_IDLE = 16;
    static final long P_FEATURES = 20;
    static final long P_SQ_OFF = 40;
    static final long P_CQ_OFF = 80;
    /** Offsets inside {@code io_sqring_offsets}, relative to {@link #P_SQ_OFF}. */
    static final long SQO_HEAD = 0;
    static final long SQO_TAIL = 4;
    static final long SQO_RING_MASK = 8;
    static final long SQO_FLAGS = 16;
    static final long SQO_DROPPED = 20;
    static final long SQO_ARRAY = 24;
    /** Offsets inside {@code io_cqring_offsets}, relative to {@link #P_CQ_OFF}. */
    static final long CQO_HEAD = 0;
    static final long CQO_TAIL = 4;
    static final long CQO_RING_MASK = 8;
    static final long CQO_OVERFLOW = 16;
    static final long CQO_CQES = 20;

    static final int SQE_BYTES = 64;
    static final long SQE_OPCODE = 0;
    static final long SQE_FLAGS = 1;
    static final long SQE_FD = 4;
    static final long SQE_OFF = 8;
    static final long SQE_ADDR = 16;
    static final long SQE_LEN = 24;
    static final long SQE_OP_FLAGS = 28;
    static final long SQE_USER_DATA = 32;
    static final long SQE_BUF_INDEX = 40;
    static final long SQE_ADDR3 = 48;

    static final int CQE_BYTES = 16;
    static final long CQE_USER_DATA = 0;
    static final long CQE_RES = 8;

    static final int OP_NOP = 0;
    static final int OP_FSYNC = 3;
    static final int OP_READ_FIXED = 4;
    static final int OP_WRITE_FIXED = 5;
    static final int OP_FALLOCATE = 17;
    static final int OP_READ = 22;
    static final int OP_WRITE = 23;
    static final int OP_URING_CMD = 46;

    static final int SQE_FIXED_FILE = 1;
    static final int SQE_IO_LINK = 1 << 2;

    static final int FSYNC_DATASYNC = 1;
    /** {@code BLOCK_URING_CMD_DISCARD = _IO(0x12, 0)}: discard through IORING_OP_URING_CMD. */
    static final int BLOCK_URING_CMD_DISCARD = 0x1200;

    static final int SETUP_SQPOLL = 1 << 1;
    static final int SETUP_CQSIZE = 1 << 3;
    static final int SETUP_CLAMP = 1 << 4;
    static final int SETUP_SUBMIT_ALL = 1 << 7;
    static final int SETUP_COOP_TASKRUN = 1 << 8;
    static final int SETUP_SINGLE_ISSUER = 1 << 12;
    static final int SETUP_DEFER_TASKRUN = 1 << 13;

    static final int FEAT_SINGLE_MMAP = 1;
    static final int FEAT_NODROP = 1 << 1;

    static final int ENTER_GETEVENTS = 1;
    static final int ENTER_SQ_WAKEUP = 1 << 1;
    static final int ENTER_SQ_WAIT = 1 << 2;

    static final int SQ_NEED_WAKEUP = 1;
    static final int SQ_CQ_OVERFLOW = 1 << 1;

    static final long OFF_SQ_RING = 0;
    static final long OFF_CQ_RING = 0x8000000L;
    static final long OFF_SQES = 0x10000000L;

    static final int REGISTER_BUFFERS = 0;
    static final int REGISTER_FILES = 2;
    static final int REGISTER_FILES_UPDATE = 6;
    static final int REGISTER_PROBE = 8;

    static final int PROBE_OPS = 256;
    static final int PROBE_HEADER_BYTES = 16;
    static final int PROBE_OP_BYTES = 8;
    static final int PROBE_OP_SUPPORTED = 1;

    private IoUringLayout() {
    }
}
