/// Audio I/O: ALSA devices and audio files as 8 kHz mono frames.
public enum AudioIOModule {}
