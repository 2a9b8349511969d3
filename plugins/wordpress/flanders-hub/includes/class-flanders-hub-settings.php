<?php
/**
 * Settings > Flanders Academic Hub: the hub URL, the default language and the
 * default theme, stored in one option through the Settings API.
 *
 * @package FlandersHub
 */

defined( 'ABSPATH' ) || exit;

/**
 * The settings page and the stored option.
 */
final class Flanders_Hub_Settings {

	const OPTION = 'flanders_hub_settings';
	const GROUP  = 'flanders_hub';
	const PAGE   = 'flanders-hub';

	/**
	 * Option values when nothing is stored: no hub yet, the site's language,
	 * the organisation's own theme (chosen by the hub).
	 */
	const DEFAULTS = array(
		'hub_url' => '',
		'lang'    => '',
		'theme'   => '',
	);

	/**
	 * Hooks the settings page into the admin.
	 */
	public static function init() {
		add_action( 'admin_init', array( __CLASS__, 'register' ) );
		add_action( 'admin_menu', array( __CLASS__, 'add_page' ) );
		add_filter( 'plugin_action_links_' . plugin_basename( FLANDERS_HUB_FILE ), array( __CLASS__, 'action_links' ) );
	}

	/**
	 * The stored settings merged over the defaults; every value is a string.
	 *
	 * @return array{hub_url: string, lang: string, theme: string}
	 */
	public static function get() {
		$stored   = get_option( self::OPTION, array() );
		$settings = self::DEFAULTS;
		foreach ( self::DEFAULTS as $key => $default ) {
			if ( is_array( $stored ) && isset( $stored[ $key ] ) && is_string( $stored[ $key ] ) ) {
				$settings[ $key ] = $stored[ $key ];
			}
		}
		return $settings;
	}

	/**
	 * Registers the option, its section and fields, and the privacy policy text.
	 */
	public static function register() {
		register_setting(
			self::GROUP,
			self::OPTION,
			array(
				'type'              => 'array',
				'sanitize_callback' => array( __CLASS__, 'sanitize' ),
				'default'           => self::DEFAULTS,
			)
		);
		add_settings_section( 'flanders_hub_main', __( 'Hub connection', 'flanders-hub' ), array( __CLASS__, 'section_intro' ), self::PAGE );
		add_settings_field(
			'flanders_hub_hub_url',
			__( 'Hub URL', 'flanders-hub' ),
			array( __CLASS__, 'field_hub_url' ),
			self::PAGE,
			'flanders_hub_main',
			array( 'label_for' => 'flanders_hub_hub_url' )
		);
		add_settings_field(
			'flanders_hub_lang',
			__( 'Default language', 'flanders-hub' ),
			array( __CLASS__, 'field_lang' ),
			self::PAGE,
			'flanders_hub_main',
			array( 'label_for' => 'flanders_hub_lang' )
		);
		add_settings_field(
			'flanders_hub_theme',
			__( 'Default theme', 'flanders-hub' ),
			array( __CLASS__, 'field_theme' ),
			self::PAGE,
			'flanders_hub_main',
			array( 'label_for' => 'flanders_hub_theme' )
		);
		if ( function_exists( 'wp_add_privacy_policy_content' ) ) {
			wp_add_privacy_policy_content(
				__( 'Flanders Academic Hub', 'flanders-hub' ),
				'<p>' . esc_html__( 'Pages with Flanders Academic Hub widgets load a script and content from the hub at the address set under Settings > Flanders Academic Hub; the hub then receives the visitor\'s IP address and browser details. The plugin itself stores no visitor data, sets no cookies and makes no requests from the server.', 'flanders-hub' ) . '</p>'
			);
		}
	}

	/**
	 * Cleans the submitted settings; an invalid hub URL or theme keeps the
	 * previous value and shows an error.
	 *
	 * @param mixed $input Submitted values (already unslashed by options.php).
	 * @return array{hub_url: string, lang: string, theme: string}
	 */
	public static function sanitize( $input ) {
		$input    = is_array( $input ) ? $input : array();
		$settings = self::get();

		$url = isset( $input['hub_url'] ) && is_string( $input['hub_url'] ) ? trim( $input['hub_url'] ) : '';
		if ( '' === $url ) {
			$settings['hub_url'] = '';
		} else {
			$clean = Flanders_Hub_Widgets::normalise_hub_url( $url );
			if ( null === $clean ) {
				add_settings_error( self::OPTION, 'hub_url', __( 'The hub URL must be an http or https address without query, such as https://hub.example.org.', 'flanders-hub' ) );
			} else {
				$settings['hub_url'] = $clean;
			}
		}

		$lang             = isset( $input['lang'] ) && is_string( $input['lang'] ) ? $input['lang'] : '';
		$settings['lang'] = in_array( $lang, Flanders_Hub_Widgets::LANGUAGES, true ) ? $lang : '';

		$theme = isset( $input['theme'] ) && is_string( $input['theme'] ) ? trim( $input['theme'] ) : '';
		if ( '' === $theme ) {
			$settings['theme'] = '';
		} else {
			$clean = Flanders_Hub_Widgets::clean_value( 'theme', $theme );
			if ( null === $clean ) {
				add_settings_error( self::OPTION, 'theme', __( 'A theme name has only letters, digits, hyphens and underscores.', 'flanders-hub' ) );
			} else {
				$settings['theme'] = $clean;
			}
		}
		return $settings;
	}

	/**
	 * Settings > Flanders Academic Hub.
	 */
	public static function add_page() {
		add_options_page(
			__( 'Flanders Academic Hub', 'flanders-hub' ),
			__( 'Flanders Academic Hub', 'flanders-hub' ),
			'manage_options',
			self::PAGE,
			array( __CLASS__, 'render_page' )
		);
	}

	/**
	 * A "Settings" link on the Plugins screen.
	 *
	 * @param string[] $links Existing links.
	 * @return string[]
	 */
	public static function action_links( $links ) {
		$url = admin_url( 'options-general.php?page=' . self::PAGE );
		array_unshift( $links, '<a href="' . esc_url( $url ) . '">' . esc_html__( 'Settings', 'flanders-hub' ) . '</a>' );
		return $links;
	}

	/**
	 * The settings page.
	 */
	public static function render_page() {
		if ( ! current_user_can( 'manage_options' ) ) {
			return;
		}
		echo '<div class="wrap"><h1>' . esc_html( get_admin_page_title() ) . '</h1>';
		echo '<form action="' . esc_url( admin_url( 'options.php' ) ) . '" method="post">';
		settings_fields( self::GROUP );
		do_settings_sections( self::PAGE );
		submit_button();
		echo '</form></div>';
	}

	/**
	 * Text above the fields.
	 */
	public static function section_intro() {
		echo '<p>' . esc_html__( 'The widgets load their script and content from this hub. Shortcodes and blocks may override the language and theme.', 'flanders-hub' ) . '</p>';
	}

	/**
	 * The hub URL field.
	 */
	public static function field_hub_url() {
		$settings = self::get();
		printf(
			'<input type="url" class="regular-text code" id="flanders_hub_hub_url" name="%1$s[hub_url]" value="%2$s" placeholder="https://hub.example.org" aria-describedby="flanders_hub_hub_url_help" /><p class="description" id="flanders_hub_hub_url_help">%3$s</p>',
			esc_attr( self::OPTION ),
			esc_attr( $settings['hub_url'] ),
			esc_html__( 'The address of the Flanders Academic Hub, without a trailing path.', 'flanders-hub' )
		);
	}

	/**
	 * The default language field.
	 */
	public static function field_lang() {
		$settings = self::get();
		$choices  = array(
			''   => __( 'The site language (English when it is none of these)', 'flanders-hub' ),
			'nl' => __( 'Dutch', 'flanders-hub' ),
			'en' => __( 'English', 'flanders-hub' ),
			'fr' => __( 'French', 'flanders-hub' ),
			'de' => __( 'German', 'flanders-hub' ),
		);
		echo '<select id="flanders_hub_lang" name="' . esc_attr( self::OPTION ) . '[lang]">';
		foreach ( $choices as $value => $label ) {
			echo '<option value="' . esc_attr( $value ) . '"' . selected( $settings['lang'], $value, false ) . '>' . esc_html( $label ) . '</option>';
		}
		echo '</select>';
	}

	/**
	 * The default theme field.
	 */
	public static function field_theme() {
		$settings = self::get();
		printf(
			'<input type="text" class="regular-text" id="flanders_hub_theme" name="%1$s[theme]" value="%2$s" placeholder="flanders" aria-describedby="flanders_hub_theme_help" /><p class="description" id="flanders_hub_theme_help">%3$s</p>',
			esc_attr( self::OPTION ),
			esc_attr( $settings['theme'] ),
			esc_html__( 'A theme name of the hub, such as flanders. Empty: the default theme of the hub.', 'flanders-hub' )
		);
	}
}
