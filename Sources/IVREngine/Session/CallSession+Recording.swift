import AudioIO
import Foundation
import DSP
import Logging
import WorkingDays

/// The caller's message: streamed to a partial recording (crash protection) while it is recorded in memory.
extension CallSession {
    /// Records one input frame when a message is being recorded; ends it on silence or the length limit.
    func record(_ frame: UnsafeBufferPointer<Int16>) {
        guard recorder != nil else { return }
        if let writer = partialWriter {
            do { try writer.write(frame) } catch {
                // Disk full or gone mid-message: keep recording in memory. When the ticket then cannot be stored
                // either, the store's error is the operator's one line (and the caller hears the apology and the
                // agent path); when it can, a warning says crash protection was off for this message.
                partialFault = "\(error)"
                writer.abandon()
                partialWriter = nil
            }
        }
        if let end = recorder!.append(frame) {
            finishRecording(end == .silence ? .silence : .maxtime, keyStart: nil)
        }
    }

    func startRecording(_ request: RecordingRequest) {
        abandonRecordingIfAny()
        recorder = MessageRecorder(maxSeconds: request.maxSeconds, silenceSeconds: request.silenceSeconds)
        recordingStart = sample
        lastKeyOnset = nil
        partialFault = nil
        let dir = services.dataDirectory
        let settings = services.calendarSettings
        let due = services.calendar.dueDate(from: now, workingDays: settings.replyWorkingDays(for: request.kind.rawValue),
                                            businessHours: settings.businessHours).date
        let id = Foundation.UUID().uuidString
        partialID = id
        let sidecar = PartialRecording(callID: callID, caller: caller, menuPath: path, kind: request.kind,
                                       createdAt: now.iso8601,
                                       dueDate: due.description, partialID: id)
        do {
            lease = try sidecar.write(dataDirectory: dir)
            partialWriter = try WAVFileOutput(path: PartialRecording.audioPath(dataDirectory: dir, callID: callID), mode: .streaming)
        } catch {
            // The message is still recorded in memory; without a partial file a crash could lose it, so say so once.
            logger.error("voicemail in progress cannot be written to \(dir)/voicemail/partial: \(error); the message is kept in memory only")
            partialWriter = nil
        }
    }

    /// Ends the current recording and tells the machine.
    func finishRecording(_ reason: RecordingEndReason, keyStart: Int?) {
        guard let rec = recorder else { return }
        recorder = nil
        let message = rec.finish(keyStart: reason == .dtmf ? keyStart : nil)
        lastMessage = message.samples
        if let writer = partialWriter {
            do { try writer.finish() } catch {
                // The streamed copy may be incomplete; the message itself is in memory and is what the ticket
                // stores. Say that crash protection did not hold for it.
                partialFault = "\(error)"
                logger.warning("call \(callID): the message's crash-protection copy could not be completed: \(error)")
            }
            partialWriter = nil
        }
        perform(machine.recordingEnded(reason, seconds: message.seconds, hasSpeech: message.hasSpeech, at: sample))
    }

    /// Drops a recording that no ticket took (discarded, or the call ended without saving).
    func abandonRecordingIfAny() {
        if let writer = partialWriter { writer.abandon(); partialWriter = nil }
        recorder = nil
        if lease != nil {
            PartialRecording.discard(dataDirectory: services.dataDirectory, callID: callID)
            lease?.release()
            lease = nil
        }
    }

}
