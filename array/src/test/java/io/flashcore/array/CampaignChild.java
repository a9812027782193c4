package io.flashcore.array;

import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;

import io.flashcore.nativeio.FaultInjection;

/**
 * The child process of {@link CrashCampaignTest}: runs a random mix of put, delete, drive
 * failure with rebuild, drive replacement, and compaction on an existing array, printing
 * {@code BEGIN op arg} before and {@code ACK op arg} after each operation returns (that is, after it
 * is durable; a put's line also gives the shards this process has written missing), until it is killed or, under an injected power cut ({@code -Dflashcore.faults}), an
 * operation fails; then it prints {@code CUT} and exits with status 3. A put the array refuses for
 * want of drives (an array of exactly k+m drives with two down) prints {@code FULL put name}, a
 * compaction that cannot move live chunks for the same reason {@code FULL compact -}.
 */
public final class CampaignChild {
    /** Drives the campaign may fail in total: the array keeps k+m drives up. */
    static final int MAX_FAILED_DRIVES = 2;

    private CampaignChild() {
    }

    /** Arguments: array folder, content seed, operation seed, first new object number. */
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        long contentSeed = Long.parseLong(args[1]);
        SplittableRandom r = new SplittableRandom(Long.parseLong(args[2]));
        int next = Integer.parseInt(args[3]);
        var plan = FaultInjection.installed();
        try (FlashArray array = ChildJvm.openArmed(dir, plan)) {
            boolean refused = false;
            while (true) {
                int dice = r.nextInt(20);
                if (refused) {
                    dice = 19; // drives are short: the next operation brings one back (or rebuilds)
                    refused = false;
                }
                List<ObjectInfo> present = array.list();
                try {
                    if (dice < 11 || present.isEmpty() && dice != 19) {
                        String name = CrashSafetyTest.name(next++);
                        say("BEGIN put " + name);
                        try {
                            array.put(name, new ByteArrayInputStream(CrashSafetyTest.content(contentSeed, number(name))));
                        } catch (ArrayFullException full) {
                            say("FULL put " + name);
                            refused = true;
                            continue;
                        }
                        say("ACK put " + name + " " + array.metrics().shardsWrittenMissing());
                    } else if (dice < 17) {
                        String name = present.get(r.nextInt(present.size())).name();
                        say("BEGIN del " + name);
                        array.delete(name);
                        say("ACK del " + name);
                    } else if (dice < 19) {
                        say("BEGIN compact -");
                        try {
                            array.compact(ProgressListener.NONE);
                        } catch (ArrayFullException full) {
                            say("FULL compact -"); // no room to move live chunks with drives down
                            refused = true;
                            continue;
                        }
                        say("ACK compact -");
                    } else {
                        List<DriveInfo> drives = array.drives();
                        List<DriveInfo> notUp = drives.stream().filter(d -> !d.state().equals("UP")).toList();
                        long down = notUp.size();
                        int choice = r.nextInt(down >= MAX_FAILED_DRIVES ? 2 : 3);
                        if (down > 0 && choice == 0) {
                            // The lost drive's device is put back into service (its old contents are rewritten).
                            int d = notUp.get(r.nextInt(notUp.size())).index();
                            say("BEGIN replace " + d);
                            array.replaceDrive(d, ProgressListener.NONE);
                            say("ACK replace " + d);
                        } else if (down > 0 && (choice == 1 || down >= MAX_FAILED_DRIVES)) {
                            say("BEGIN rebuild -");
                            array.rebuild(ProgressListener.NONE);
                            say("ACK rebuild -");
                        } else {
                            int d = r.nextInt(drives.size());
                            say("BEGIN fail " + d);
                            array.failDrive(d);
                            array.rebuild(ProgressListener.NONE);
                            say("ACK fail " + d);
                        }
                    }
                } catch (java.io.IOException e) {
                    if (plan != null && plan.powerLost()) {
                        say("CUT");
                        System.exit(3);
                    }
                    throw e;
                }
            }
        }
    }

    static int number(String name) {
        return Integer.parseInt(name.substring(name.indexOf('-') + 1));
    }

    private static void say(String line) {
        System.out.println(line);
        System.out.flush();
    }
}
